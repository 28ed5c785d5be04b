using System.Collections.Immutable;
using CxSemantic.Compiler.Queries;
using CxSemantic.Compiler.Sql;
using CxSemantic.Compiler.Translation;
using CxSemantic.Definitions.Model;

namespace CxSemantic.Compiler.Planning;

/// <summary>Agreement: evaluation rows paired with human labels.</summary>
internal sealed partial class FactQueryBuilder
{
    /// <summary>Evaluation rows paired with the earliest reviewer label of the same interaction and dimension.</summary>
    private UnitValueColumns AgreementValues(AgreementMetricSpec agreement, INameResolver scope)
    {
        var labels = _catalog.Models.GetValueOrDefault(_options.HumanLabelModel)
            ?? throw QueryMessages.ModelMissing(_metric.Name, "compares with human labels", _options.HumanLabelModel);
        var labelJoins = new JoinSet(_catalog, labels, "hl");
        var labelScope = new ModelScope(labelJoins, labels, "hl");
        var firstLabels = new SqlCte("first_labels", new SqlSelect
        {
            Columns =
            [
                new SqlSelectItem(new SqlColumn("hl", _options.InteractionKey), "interaction_key"),
                new SqlSelectItem(labelScope.Resolve([_options.EvaluatorDimension]).Sql, "evaluator"),
                new SqlSelectItem(labelScope.Resolve([_options.LabelDimension]).Sql, "label"),
                new SqlSelectItem(
                    new SqlWindow(
                        SqlWindowName.RowNumber,
                        null,
                        [new SqlColumn("hl", _options.InteractionKey), labelScope.Resolve([_options.EvaluatorDimension]).Sql],
                        [(new SqlColumn("hl", _options.LabelTimeColumn), false), (new SqlColumn("hl", _options.ReviewerColumn), false)]),
                    "reviewer_rank"),
            ],
            From = labelJoins.From,
            Joins = labelJoins.Joins,
        });
        var evaluator = Resolve(scope, _options.EvaluatorDimension).Sql;
        var firstLabel = new SqlJoin(
            SqlJoinKind.Inner,
            new SqlNamed("first_labels", "h"),
            new SqlBinary(
                SqlBinaryOperator.And,
                new SqlBinary(
                    SqlBinaryOperator.And,
                    new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("h", "interaction_key"), new SqlColumn("t0", _options.InteractionKey)),
                    new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("h", "evaluator"), evaluator)),
                new SqlBinary(SqlBinaryOperator.Equal, new SqlColumn("h", "reviewer_rank"), One)));
        var where = ImmutableArray.CreateBuilder<SqlExpression>();
        if (agreement.Evaluator is { } name)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.Equal, evaluator, new SqlParameter(name)));
        }

        if (agreement.Version is { } version)
        {
            where.Add(new SqlBinary(SqlBinaryOperator.Equal, Resolve(scope, _options.EvaluatorVersionDimension).Sql, new SqlParameter(version)));
        }

        return new UnitValueColumns([new SqlSelectItem(Resolve(scope, _options.LabelDimension).Sql, "al"), new SqlSelectItem(new SqlColumn("h", "label"), "hl")])
        {
            Where = where.ToImmutable(),
            Ctes = [firstLabels],
            Joins = [firstLabel],
        };
    }
}
