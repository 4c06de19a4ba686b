using System.Text;
using ForumApp.Core.Text;

namespace ForumApp.Core.Dedup.Evaluation;

/// <summary>How a line of a generated corpus was made.</summary>
public enum PlantedKind
{
    /// <summary>A new comment.</summary>
    Original,

    /// <summary>A byte-identical copy.</summary>
    ExactCopy,

    /// <summary>The same text in Unicode NFD (decomposed Hangul jamo).</summary>
    NfdCopy,

    /// <summary>The same text with invisible noise: ZWSP, NBSP, BOM, soft hyphen, full-width punctuation, extra spaces, case.</summary>
    NoiseCopy,

    /// <summary>A small edit: a jamo typo, spacing changes, a dropped syllable, trailing ㅋㅋ or !!.</summary>
    SmallEdit,

    /// <summary>A truncated preview ending in "...", "…", "더 보기", "See more".</summary>
    TruncatedPreview,

    /// <summary>A new comment built from another one's template: negated, with a key word changed, or a stock phrase extended. Not a duplicate.</summary>
    HardNegative,
}

/// <summary>A labelled corpus: texts, the duplicate group of each text, and how each was planted.</summary>
/// <param name="Texts">The lines.</param>
/// <param name="Groups">Ground truth: two lines duplicate each other exactly when their groups are equal.</param>
/// <param name="Kinds">How each line was made.</param>
/// <param name="Sources">For planted copies and hard negatives, the line they were derived from; otherwise -1.</param>
public sealed record LabelledCorpus(IReadOnlyList<string> Texts, IReadOnlyList<int> Groups, IReadOnlyList<PlantedKind> Kinds, IReadOnlyList<int> Sources);

/// <summary>
/// Generates a deterministic, Korean-heavy corpus of forum comments with planted duplicates of every kind and hard
/// negatives built from shared templates. The same size and seed always give the same corpus.
/// </summary>
public static class CorpusGenerator
{
    private static readonly string[] _nouns =
    [
        "인공지능", "클라우드", "블록체인", "오픈소스", "스마트폰", "데이터베이스", "검색엔진", "자율주행", "반도체", "메타버스",
        "운영체제", "웹브라우저", "플랫폼", "개인정보", "저작권", "교육과정", "대학입시", "부동산", "주식시장", "환율",
        "전기차", "배터리", "태양광", "원자력", "기후변화", "미세먼지", "대중교통", "지하철", "고속철도", "항공권",
        "커피", "라면", "김치찌개", "떡볶이", "치킨", "편의점", "백화점", "전통시장", "온라인쇼핑", "택배",
        "야구", "축구", "농구", "올림픽", "월드컵", "마라톤", "등산", "캠핑", "낚시", "요가",
        "영화", "드라마", "예능", "웹툰", "소설", "음악", "콘서트", "전시회", "박물관", "도서관",
        "회사", "스타트업", "대기업", "공무원", "프리랜서", "재택근무", "연봉", "면접", "이직", "퇴사",
        "정부", "국회", "선거", "세금", "복지", "연금", "병원", "의료보험", "백신", "건강검진",
        "고양이", "강아지", "반려동물", "육아", "어린이집", "초등학교", "중학교", "고등학교", "대학원", "유학",
        "여행", "제주도", "부산", "서울", "강원도", "경주", "전주", "일본", "유럽", "미국",
        "알고리즘", "프로그래밍", "파이썬", "자바스크립트", "보안", "해킹", "서버", "네트워크", "모바일", "게임",
        "민주화", "빅테크", "생태계", "접근성", "독점", "규제", "혁신", "투명성", "책임", "윤리",
    ];

    private static readonly string[] _adverbs = ["정말", "확실히", "생각보다", "분명히", "앞으로", "지금도", "여전히", "의외로", "당연히", "솔직히"];

    private static readonly (string Yes, string No)[] _predicates =
    [
        ("쓸모가 있다고 생각합니다", "쓸모가 없다고 생각합니다"),
        ("도움이 됩니다", "도움이 안 됩니다"),
        ("동의합니다", "동의하지 않습니다"),
        ("이해가 됩니다", "이해가 안 됩니다"),
        ("공감이 갑니다", "공감이 가지 않습니다"),
        ("사용할 수 있습니다", "사용할 수 없습니다"),
        ("추천합니다", "추천하지 않습니다"),
        ("맞는 말입니다", "맞는 말이 아닙니다"),
        ("기대가 됩니다", "기대가 안 됩니다"),
        ("효과가 있었습니다", "효과가 없었습니다"),
        ("해결할 수 있었습니다", "해결하지 못했습니다"),
        ("중요하다고 봅니다", "중요하지 않다고 봅니다"),
        ("관심이 많습니다", "관심이 없습니다"),
        ("믿을 만합니다", "믿을 만하지 않습니다"),
    ];

    private static readonly string[] _openers = ["좋은 글 감사합니다.", "잘 읽었습니다.", "흥미롭네요.", "저도 비슷한 생각입니다.", "오랜만에 글 남깁니다.", "", "", ""];
    private static readonly string[] _closers = ["다음 글도 기대합니다.", "많이 배웠습니다.", "좋은 하루 보내세요!", "감사합니다 :)", "Thanks for sharing!", "", "", ""];
    private static readonly string[] _stock = ["감사합니다", "좋은 글 감사합니다", "잘 읽었습니다.", "공감합니다!", "동의합니다", "좋아요", "최고예요 👍", "ㅋㅋㅋㅋ", "잘 봤습니다", "응원합니다!"];
    private static readonly string[] _latin = ["AI", "API", "open source", "Mobile first", "IT", "OS", "cloud computing", "big tech"];
    private static readonly string[] _markers = ["...", "…", "… 더 보기", " 더보기", "... See more", " Read more", "(더보기)"];
    private static readonly string[] _trailingNoise = [" ㅋㅋ", " ㅎㅎ", "!!", " ^^", " ㅠㅠ", "~~"];

    private sealed record Sentence(int Noun1, int Noun2, int Adverb, int Predicate, bool Negative);

    private sealed record Comment(int Opener, Sentence[] Sentences, int Closer, int Latin);

    /// <summary>Generates <paramref name="size"/> lines.</summary>
    public static LabelledCorpus Generate(int size, int seed = 20221206)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var random = new Random(seed);
        var texts = new List<string>(size);
        var groups = new List<int>(size);
        var kinds = new List<PlantedKind>(size);
        var sources = new List<int>(size);
        var structure = new List<Comment?>(size);
        var groupOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextGroup = 0;

        void AddOriginal(string text, Comment? comment, PlantedKind kind, int source)
        {
            // Two independently generated comments with the same key are the same text: one group.
            var key = TextNormalizer.ToComparisonKey(text);
            if (!groupOfKey.TryGetValue(key, out var group))
            {
                groupOfKey[key] = group = nextGroup++;
            }

            texts.Add(text);
            groups.Add(group);
            kinds.Add(kind);
            sources.Add(source);
            structure.Add(comment);
        }

        void AddCopy(string text, int source, PlantedKind kind)
        {
            texts.Add(text);
            groups.Add(groups[source]);
            kinds.Add(kind);
            sources.Add(source);
            structure.Add(null);
        }

        while (texts.Count < size)
        {
            var roll = random.NextDouble();
            var source = texts.Count > 0 ? PickSource(random, kinds, texts.Count) : -1;
            if (source < 0 || roll < 0.55)
            {
                if (random.NextDouble() < 0.12)
                {
                    AddOriginal(_stock[random.Next(_stock.Length)], null, PlantedKind.Original, -1);
                }
                else
                {
                    var comment = NewComment(random);
                    AddOriginal(Render(comment), comment, PlantedKind.Original, -1);
                }
            }
            else if (roll < 0.65)
            {
                AddCopy(texts[source], source, PlantedKind.ExactCopy);
            }
            else if (roll < 0.70)
            {
                AddCopy(texts[source].Normalize(NormalizationForm.FormD), source, PlantedKind.NfdCopy);
            }
            else if (roll < 0.78)
            {
                AddCopy(AddNoise(texts[source], random), source, PlantedKind.NoiseCopy);
            }
            else if (roll < 0.88)
            {
                if (NonSpaceLength(texts[source]) >= 24 && TrySmallEdit(texts[source], random, out var edited))
                {
                    AddCopy(edited, source, PlantedKind.SmallEdit);
                }
            }
            else if (roll < 0.94)
            {
                var text = texts[source];
                if (text.Length >= 48)
                {
                    var cut = (int)(text.Length * (0.45 + (0.4 * random.NextDouble())));
                    if (char.IsLowSurrogate(text[cut]))
                    {
                        cut--;
                    }

                    AddCopy(text[..cut].TrimEnd() + _markers[random.Next(_markers.Length)], source, PlantedKind.TruncatedPreview);
                }
            }
            else if (structure[source] is { } comment)
            {
                var negative = HardNegative(comment, random);
                AddOriginal(Render(negative), negative, PlantedKind.HardNegative, source);
            }
            else if (random.NextDouble() < 0.5)
            {
                AddOriginal("잘 봤습니다. 다음 글도 기대합니다.", null, PlantedKind.HardNegative, source);
            }
        }

        return new LabelledCorpus(texts, groups, kinds, sources);
    }

    /// <summary>Copies come from originals, mostly recent ones (threads repeat nearby), sometimes from anywhere.</summary>
    private static int PickSource(Random random, List<PlantedKind> kinds, int count)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var source = random.NextDouble() < 0.7 ? Math.Max(0, count - 1 - random.Next(Math.Min(count, 200))) : random.Next(count);
            if (kinds[source] is PlantedKind.Original or PlantedKind.HardNegative)
            {
                return source;
            }
        }

        return -1;
    }

    private static Comment NewComment(Random random)
    {
        var sentences = new Sentence[1 + random.Next(4)];
        for (var i = 0; i < sentences.Length; i++)
        {
            sentences[i] = new Sentence(random.Next(_nouns.Length), random.Next(_nouns.Length), random.Next(_adverbs.Length),
                random.Next(_predicates.Length), random.NextDouble() < 0.3);
        }

        return new Comment(random.Next(_openers.Length), sentences, random.Next(_closers.Length), random.NextDouble() < 0.25 ? random.Next(_latin.Length) : -1);
    }

    private static string Render(Comment comment)
    {
        var sb = new StringBuilder();
        if (_openers[comment.Opener].Length > 0)
        {
            sb.Append(_openers[comment.Opener]).Append(' ');
        }

        for (var i = 0; i < comment.Sentences.Length; i++)
        {
            var s = comment.Sentences[i];
            var noun2 = _nouns[s.Noun2];
            var topic = HasFinalConsonant(noun2[^1]) ? "은" : "는";
            sb.Append(_nouns[s.Noun1]).Append("의 ").Append(noun2).Append(topic).Append(' ');
            if (i == 0 && comment.Latin >= 0)
            {
                sb.Append(_latin[comment.Latin]).Append(" 관점에서 ");
            }

            sb.Append(_adverbs[s.Adverb]).Append(' ')
                .Append(s.Negative ? _predicates[s.Predicate].No : _predicates[s.Predicate].Yes).Append(". ");
        }

        if (_closers[comment.Closer].Length > 0)
        {
            sb.Append(_closers[comment.Closer]);
        }

        return sb.ToString().TrimEnd();
    }

    private static Comment HardNegative(Comment comment, Random random)
    {
        var sentences = (Sentence[])comment.Sentences.Clone();
        var i = random.Next(sentences.Length);
        var s = sentences[i];
        sentences[i] = random.Next(3) switch
        {
            0 => s with { Negative = !s.Negative },                                        // a sentence and its negation
            1 => s with { Noun2 = (s.Noun2 + 1 + random.Next(_nouns.Length - 1)) % _nouns.Length }, // a key word changed
            _ => s with { Noun1 = (s.Noun1 + 1 + random.Next(_nouns.Length - 1)) % _nouns.Length },
        };
        return comment with { Sentences = sentences };
    }

    private static string AddNoise(string text, Random random)
    {
        var sb = new StringBuilder(text.Length + 8);
        if (random.NextDouble() < 0.3)
        {
            sb.Append('\uFEFF');
        }

        foreach (var c in text)
        {
            var r = random.NextDouble();
            switch (c)
            {
                case ' ' when r < 0.2: sb.Append('\u00A0'); break;
                case ' ' when r < 0.35: sb.Append("  "); break;
                case ' ' when r < 0.45: sb.Append(" \u200B"); break;
                case >= '!' and <= '~' when !char.IsLetterOrDigit(c) && r < 0.5: sb.Append((char)(c + 0xFEE0)); break;
                case >= 'a' and <= 'z' when r < 0.3: sb.Append(char.ToUpperInvariant(c)); break;
                default:
                    sb.Append(c);
                    if (r > 0.97 && c >= '\uAC00' && c <= '\uD7A3')
                    {
                        sb.Append(random.NextDouble() < 0.5 ? '\u200B' : '\u00AD');
                    }

                    break;
            }
        }

        if (random.NextDouble() < 0.3)
        {
            sb.Append("   ");
        }

        return sb.ToString();
    }

    private static bool TrySmallEdit(string text, Random random, out string edited)
    {
        var chars = new StringBuilder(text);
        var edits = 1 + random.Next(2);
        var done = 0;
        for (var attempt = 0; attempt < 20 && done < edits; attempt++)
        {
            var position = random.Next(chars.Length);
            var c = chars[position];
            switch (random.Next(4))
            {
                case 0 when c >= '\uAC00' && c <= '\uD7A3' && position > 0 && chars[position - 1] != ' ':
                    // A jamo typo: the final consonant added, dropped or changed (합니다 → 함니다).
                    var s = c - 0xAC00;
                    var final = s % 28;
                    var typo = (char)(0xAC00 + (s - final) + ((final + 1 + random.Next(27)) % 28));
                    if ("없않못싫안아불".Contains(typo, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    chars[position] = typo;
                    done++;
                    break;
                case 1 when c == ' ':
                    chars.Remove(position, 1); // spacing varies
                    done++;
                    break;
                case 2 when c >= '\uAC00' && c <= '\uD7A3' && position + 1 < chars.Length && chars[position + 1] is >= '\uAC00' and <= '\uD7A3':
                    chars.Insert(position + 1, ' ');
                    done++;
                    break;
                case 3:
                    chars.Append(_trailingNoise[random.Next(_trailingNoise.Length)]);
                    done++;
                    break;
                default:
                    break;
            }
        }

        edited = chars.ToString();
        return done > 0 && edited != text;
    }

    private static bool HasFinalConsonant(char c) => c is >= '\uAC00' and <= '\uD7A3' && (c - 0xAC00) % 28 != 0;

    private static int NonSpaceLength(string text) => text.Count(c => !char.IsWhiteSpace(c));
}
