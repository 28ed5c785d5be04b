using CxSemantic.Warehouse.DuckDb;
using static CxSemantic.Warehouse.Demo.DemoCatalog;

namespace CxSemantic.Warehouse.Demo;

/// <summary>The AI evaluations of a contact and the human labels that calibrate them.</summary>
internal sealed partial class DemoWorker
{
    private static readonly int[] CalibratedDimensions = [EvResolution, EvQuality, EvTone, EvPolicy];

    private void WriteEvaluations(
        ref Prng rng, long id, DateTime start, DateTime ended, bool resolved, bool trulyFixed, bool rage, bool botInvolved,
        bool loopHandoff, bool wrongDisposition, int policySeverity)
    {
        // Latent truth per dimension; evaluators and reviewers both observe it with their own noise.
        var latent = _latent;
        latent[EvResolution] = Clamp01((resolved ? (trulyFixed ? 0.82 : 0.64) : 0.22) + (0.10 * rng.Gaussian()));
        latent[EvQuality] = Clamp01(0.5 + (resolved ? 0.2 : 0) - (rage ? 0.25 : 0) + (0.15 * rng.Gaussian()));
        latent[EvTone] = Clamp01(0.60 + (resolved ? 0.12 : -0.05) - (rage ? 0.25 : 0) + (0.14 * rng.Gaussian()));
        var loop = rage || loopHandoff || rng.Chance(0.04);
        latent[EvLoop] = Clamp01((loop ? 0.2 : 0.85) + (0.10 * rng.Gaussian()));
        latent[EvTool] = Clamp01(0.82 - (wrongDisposition ? 0.3 : 0) + (0.12 * rng.Gaussian()));
        latent[EvFunction] = Clamp01(0.84 + (0.12 * rng.Gaussian()));
        latent[EvPoliteness] = Clamp01((rng.Chance(0.04) ? 0.25 : 0.86) + (0.08 * rng.Gaussian()));
        latent[EvPolicy] = Clamp01((policySeverity == 0 ? 0.25 : policySeverity == 1 ? 0.6 : 0.85) + (0.10 * rng.Gaussian()));

        var evaluatedAt = Clamp(ended.AddSeconds(120 + rng.Next(1_800)));
        for (var e = 0; e < latent.Length; e++)
        {
            if (!botInvolved && (e == EvLoop || e == EvTool || e == EvFunction))
            {
                continue;
            }

            if (e == EvTone)
            {
                if (start < _world.DriftCutover)
                {
                    WriteEvaluation(ref rng, id, e, V1, latent[e], 0, EvaluatorNoise, evaluatedAt);
                }

                if (start >= _world.DriftShadowFrom)
                {
                    WriteEvaluation(ref rng, id, e, V2, latent[e], PlantedEffects.DriftScoreShift, EvaluatorNoise, evaluatedAt);
                }
            }
            else if (e == EvResolution)
            {
                // A routine upgrade without drift: same bias, a little less noise.
                var v2 = start >= _world.ResolutionV2From;
                WriteEvaluation(ref rng, id, e, v2 ? V2 : V1, latent[e], 0, v2 ? 0.22 : 0.26, evaluatedAt);
            }
            else
            {
                WriteEvaluation(ref rng, id, e, V1, latent[e], 0, e == EvQuality ? EvaluatorNoise : 0.10, evaluatedAt);
            }
        }

        if (rng.Chance(PlantedEffects.HumanLabelSampleRate))
        {
            var labeledAt = ended.AddSeconds(86_400 + rng.Next(4 * 86_400));
            if (labeledAt < _world.Watermark)
            {
                var reviewer = rng.Next(DemoWorld.ReviewerCount);
                foreach (var dimension in CalibratedDimensions)
                {
                    WriteHumanLabel(id, dimension, reviewer, LabelOf(dimension, Clamp01(latent[dimension] + (0.05 * rng.Gaussian()))), labeledAt);
                }

                // A share of the sample is labelled again by one or two other reviewers, each with their own noise,
                // so that labels of one interaction and dimension sometimes disagree.
                if (_side.Chance(DemoMechanics.MultiReviewerShare))
                {
                    var extra = 1 + _side.Next(2);
                    var step = 1 + _side.Next((DemoWorld.ReviewerCount - 1) / 2); // r × step (r ≤ 2) never wraps onto a reviewer already used
                    for (var r = 1; r <= extra; r++)
                    {
                        var other = (reviewer + (r * step)) % DemoWorld.ReviewerCount;
                        var at = labeledAt.AddSeconds(3_600 + _side.Next(2 * 86_400));
                        if (at >= _world.Watermark)
                        {
                            continue;
                        }

                        foreach (var dimension in CalibratedDimensions)
                        {
                            var noisy = Clamp01(latent[dimension] + (DemoMechanics.ExtraReviewerNoise * _side.Gaussian()));
                            WriteHumanLabel(id, dimension, other, LabelOf(dimension, noisy), at);
                        }
                    }
                }
            }
        }
    }

    private void WriteHumanLabel(long id, int dimension, int reviewer, int label, DateTime at)
    {
        _humanLabels.CreateRow().AppendValue(id).AppendValue(EvaluatorU8[dimension]).AppendValue(_world.ReviewerU8[reviewer])
            .AppendValue(LabelU8[dimension][label]).AppendValue(at).EndRow();
        _rows.HumanLabels++;
    }

    /// <summary>Evaluator noise of the three-way scales (tone, quality), whose narrow bands make agreement harder.</summary>
    private const double EvaluatorNoise = 0.07;

    internal static readonly DateTime ResolutionV2From = new(2026, 2, 16, 0, 0, 0, DateTimeKind.Utc);

    private void WriteEvaluation(ref Prng rng, long id, int evaluator, int version, double latent, double bias, double noise, DateTime at)
    {
        var score = Math.Round(Clamp01(latent + bias + (noise * rng.Gaussian())), 4);
        _evaluations.CreateRow().AppendValue(id).AppendValue(EvaluatorU8[evaluator]).AppendValue(VersionU8[version]).AppendValue(score)
            .AppendValue(LabelU8[evaluator][LabelOf(evaluator, score)]).AppendValue(at).EndRow();
        _rows.Evaluations++;
    }

    /// <summary>Label index from a score: three-way scales use two cut points, binary ones 0.5.</summary>
    private static int LabelOf(int evaluator, double score)
    {
        if (evaluator == EvQuality)
        {
            return score >= 0.7 ? 0 : score >= 0.4 ? 1 : 2;
        }

        if (evaluator == EvTone)
        {
            return score >= 0.65 ? 0 : score >= 0.4 ? 1 : 2;
        }

        return score >= 0.5 ? 0 : 1;
    }
}
