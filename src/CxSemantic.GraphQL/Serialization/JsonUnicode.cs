using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CxSemantic.GraphQL.Execution;

namespace CxSemantic.GraphQL.Serialization;

/// <summary>
/// Where a request breaks Unicode: the client-facing message, the JSON path of the string (null when the fault lies
/// outside any string or the JSON could not be walked to it) and the byte offset in the JSON text (or, for a text
/// parameter, the UTF-16 character index).
/// </summary>
/// <param name="Message">What is wrong, where, and how to fix it.</param>
/// <param name="JsonPath">The string's JSONPath, e.g. <c>$.variables.where.channel.in[0]</c>; null when unknown.</param>
/// <param name="Offset">Byte offset in the JSON text (character index for a text parameter).</param>
public sealed record JsonEncodingFault(string Message, string? JsonPath, long Offset)
{
    /// <summary>The fault as <c>extensions</c> of a GraphQL error: <c>code</c> INVALID_ENCODING, <c>jsonPath</c>, <c>offset</c>.</summary>
    public IReadOnlyDictionary<string, object?> Extensions => new Dictionary<string, object?>
    {
        ["code"] = ErrorCodes.InvalidEncoding,
        ["jsonPath"] = JsonPath,
        ["offset"] = Offset,
    };
}

/// <summary>
/// Checks that a JSON text decodes to valid Unicode before anything reads its strings: the bytes are UTF-8 (no
/// overlong forms, no encoded surrogates, no truncated sequences) and no <c>\uXXXX</c> escape leaves a UTF-16
/// surrogate unpaired. System.Text.Json accepts both while parsing and throws only when a string is read, deep in
/// whichever component reads it; checking once at the door turns them into one client error naming the place.
/// </summary>
public static class JsonUnicode
{
    /// <summary>Bytes that are not UTF-8. {0} the source, {1} the byte offset, {2} " in $.path" or empty.</summary>
    public const string InvalidUtf8 = "The {0} is not valid UTF-8 at byte {1}{2}: send it encoded as UTF-8 (Content-Type: application/json; charset=utf-8) and escape binary data (e.g. as base64).";

    /// <summary>An unpaired surrogate escape. {0} the source, {1} the escape, {2} the JSON path, {3} the byte offset.</summary>
    public const string LoneSurrogateEscape = "The {0} has a lone UTF-16 surrogate {1} at {2} (byte {3}): JSON strings must hold valid Unicode. Write a character outside the Basic Multilingual Plane as a surrogate pair (\\ud83d\\ude00) or as UTF-8, and drop unpaired halves.";

    /// <summary>An unpaired surrogate in a decoded text parameter. {0} the parameter, {1} the code unit, {2} the character index.</summary>
    public const string LoneSurrogateCharacter = "The {0} parameter has a lone UTF-16 surrogate U+{1:X4} at character {2}: send valid Unicode, percent-encoded as UTF-8.";

    /// <summary>
    /// The first encoding fault of <paramref name="utf8Json"/>, or null when it is valid Unicode (or not JSON at all:
    /// that is for the JSON parser to report). <paramref name="source"/> names the text in messages ("request body").
    /// </summary>
    public static JsonEncodingFault? Check(ReadOnlySpan<byte> utf8Json, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        bool valid = Utf8.IsValid(utf8Json);

        // Fast path: valid UTF-8 without any \u escape cannot hold a lone surrogate.
        if (valid && utf8Json.IndexOf("\\u"u8) < 0)
        {
            return null;
        }

        var walked = Walk(utf8Json, source);
        if (walked is not null || valid)
        {
            return walked;
        }

        // Invalid bytes outside every string (or past what the reader could walk): the offset alone.
        long offset = FirstInvalidByte(utf8Json);
        return new JsonEncodingFault(Format(InvalidUtf8, source, offset, string.Empty), null, offset);
    }

    /// <summary>The first unpaired surrogate of a decoded text parameter (GET query string), or null.</summary>
    public static JsonEncodingFault? CheckText(string text, string parameter)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return new JsonEncodingFault(Format(LoneSurrogateCharacter, parameter, (int)c, i), null, i);
            }
        }

        return null;
    }

    /// <summary>Walks the tokens, checking every member name and string value; null when all are valid or the JSON breaks first.</summary>
    private static JsonEncodingFault? Walk(ReadOnlySpan<byte> utf8Json, string source)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var path = new JsonPathBuilder();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (CheckString(ref reader, source, path, member: true) is { } badName)
                        {
                            return badName;
                        }

                        path.Member(reader.GetString()!);
                        break;
                    case JsonTokenType.String:
                        path.Value();
                        if (CheckString(ref reader, source, path, member: false) is { } badValue)
                        {
                            return badValue;
                        }

                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.Value();
                        path.Enter(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    default:
                        path.Value();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (or nested too deep): the parser that follows reports it.
        }

        return null;
    }

    /// <summary>A fault in the current string token (raw bytes as sent, escapes not yet decoded).</summary>
    private static JsonEncodingFault? CheckString(ref Utf8JsonReader reader, string source, JsonPathBuilder path, bool member)
    {
        var raw = reader.ValueSpan;
        long start = reader.TokenStartIndex + 1;
        if (!Utf8.IsValid(raw))
        {
            long offset = start + FirstInvalidByte(raw);
            string where = path.Describe(member);
            return new JsonEncodingFault(Format(InvalidUtf8, source, offset, " in " + where), where, offset);
        }

        if (!reader.ValueIsEscaped)
        {
            return null;
        }

        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                continue;
            }

            // The reader has checked the escape syntax: a \u is followed by four hex digits.
            if (raw[i + 1] != 'u')
            {
                i++;
                continue;
            }

            int unit = Hex4(raw, i + 2);
            if (char.IsHighSurrogate((char)unit) && i + 11 < raw.Length && raw[i + 6] == '\\' && raw[i + 7] == 'u' && char.IsLowSurrogate((char)Hex4(raw, i + 8)))
            {
                i += 11;
            }
            else if (char.IsSurrogate((char)unit))
            {
                string where = path.Describe(member);
                string escape = Encoding.ASCII.GetString(raw.Slice(i, 6));
                return new JsonEncodingFault(Format(LoneSurrogateEscape, source, escape, where, start + i), where, start + i);
            }
            else
            {
                i += 5;
            }
        }

        return null;
    }

    private static int Hex4(ReadOnlySpan<byte> raw, int at) =>
        int.Parse(raw.Slice(at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence (the length when all are valid).</summary>
    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        int i = 0;
        while (i < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[i..], out _, out int consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return i;
    }

    private static string Format(string template, params object[] args) => string.Format(CultureInfo.InvariantCulture, template, args);

    /// <summary>Tracks the JSONPath of the token being read: one frame per open object or array.</summary>
    private sealed class JsonPathBuilder
    {
        private readonly List<Frame> _frames = [];

        /// <summary>An object member's name was read: the next value is that member.</summary>
        public void Member(string name) => _frames[^1] = _frames[^1] with { Segment = MemberSegment(name) };

        /// <summary>A value starts: inside an array it takes the next index.</summary>
        public void Value()
        {
            if (_frames.Count > 0 && _frames[^1].IsArray)
            {
                var top = _frames[^1];
                _frames[^1] = top with { Index = top.Index + 1, Segment = string.Create(CultureInfo.InvariantCulture, $"[{top.Index + 1}]") };
            }
        }

        public void Enter(bool isArray) => _frames.Add(new Frame(isArray, -1, string.Empty));

        public void Leave() => _frames.RemoveAt(_frames.Count - 1);

        /// <summary>The path of the current value, or of the object holding the member name being read.</summary>
        public string Describe(bool member)
        {
            var text = new StringBuilder("$");
            int count = member ? _frames.Count - 1 : _frames.Count;
            for (int k = 0; k < count; k++)
            {
                text.Append(_frames[k].Segment);
            }

            return member ? text.Append(" (a member name)").ToString() : text.ToString();
        }

        private static string MemberSegment(string name) =>
            name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? "." + name
                : "[" + JsonSerializer.Serialize(name) + "]";

        private readonly record struct Frame(bool IsArray, int Index, string Segment);
    }
}
