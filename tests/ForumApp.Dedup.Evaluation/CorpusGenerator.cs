using System.Text;
using ForumApp.Core.Dedup;
using ForumApp.Core.Text;

namespace ForumApp.Dedup.Evaluation;

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

    /// <summary>A re-post with one jamo of a key word replaced by a neighbouring key on the 두벌식 keyboard (생각 → 샹각).</summary>
    JamoTypo,

    /// <summary>A re-post with one syllable of a key word typed twice (생각 → 생생각).</summary>
    DoubledSyllable,

    /// <summary>A re-post with one syllable of a key word left out (생각합니다 → 생합니다).</summary>
    DroppedSyllable,

    /// <summary>A re-post with one or two spaces removed or added.</summary>
    SpacingChange,

    /// <summary>A re-post after fixing it: one to three of the typos above in key words, half of them with a spacing change too.</summary>
    MixedTypos,

    /// <summary>Not a duplicate: the same template, endings, opener and closer with another real word in one key-word slot.</summary>
    KeyWordSwap,

    /// <summary>Not a duplicate: the same template, endings, opener and closer with about half of the key words drawn again.</summary>
    RedrawnKeyWords,
}

/// <summary>How varied the generated comments are.</summary>
public enum CorpusVocabulary
{
    /// <summary>
    /// The default: noun phrases from 68 modifiers and 200 nouns, 30 adverbs, 30 predicate pairs, 3 sentence frames.
    /// Unrelated comments still share stock openers, closers and predicates, as real ones do.
    /// </summary>
    Varied,

    /// <summary>
    /// The first generator: 120 nouns, 10 adverbs, 14 predicate pairs, one sentence frame. Unrelated comments share far
    /// more syllable 3-grams than real ones do (a stress test for candidate generation).
    /// </summary>
    Templated,

    /// <summary>
    /// Comments from 24 sentence templates filled with real words (<see cref="KoreanLexicon.Default"/>: several hundred
    /// nouns, verbs, adjectives and adverbs, inflected per slot), with typos inside key words and key-word swaps.
    /// </summary>
    Korean,
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

    private static readonly string[] _moreNouns =
    [
        "가상화폐", "우주탐사", "로봇", "드론", "스마트홈", "사물인터넷", "빅데이터", "머신러닝", "챗봇", "번역기",
        "키보드", "모니터", "노트북", "태블릿", "이어폰", "카메라", "냉장고", "세탁기", "에어컨", "자전거",
        "아파트", "전세", "월세", "청약", "대출", "금리", "물가", "최저임금", "자영업", "프랜차이즈",
        "김밥", "비빔밥", "냉면", "삼겹살", "짜장면", "빵집", "카페", "맛집", "배달앱", "밀키트",
        "테니스", "배드민턴", "수영", "헬스장", "필라테스", "골프", "스키", "서핑", "볼링", "당구",
        "뮤지컬", "연극", "오페라", "발레", "사진", "그림", "만화", "애니메이션", "유튜브", "팟캐스트",
        "출근길", "퇴근길", "야근", "회식", "연차", "승진", "팀장", "신입사원", "인턴", "채용공고",
        "지방선거", "외교", "국방", "통일", "인구절벽", "저출산", "고령화", "이민", "난민", "인권",
        "화장품", "패션", "신발", "가방", "시계", "안경", "향수", "염색", "미용실", "네일",
        "대구", "광주", "대전", "인천", "울산", "제천", "속초", "여수", "통영", "강릉",
    ];

    private static readonly string[] _modifiers =
    [
        "새로운", "국내", "해외", "최근의", "지역", "청년", "중소", "공공", "민간", "글로벌", "오래된", "작은", "커다란", "무료",
        "유료", "가성비", "프리미엄", "친환경", "디지털", "전통적인", "대중적인", "전문", "초보자용", "학생용", "직장인", "가족",
        "동네", "도시", "시골", "주말", "평일", "아침", "저녁", "겨울", "여름", "봄철", "가을", "올해", "작년", "내년",
        "첫번째", "두번째", "마지막", "숨은", "유명한", "인기", "논란의", "화제의", "평범한", "특별한", "비싼", "저렴한",
        "빠른", "느린", "안전한", "위험한", "편리한", "복잡한", "단순한", "개인", "단체", "온라인", "오프라인", "실시간",
    ];

    private static readonly string[] _moreAdverbs =
    [
        "아무래도", "개인적으로", "어느 정도", "전반적으로", "대체로", "결국", "오히려", "특히", "무엇보다", "역시",
        "아직은", "이제는", "요즘은", "예전부터", "갈수록", "점점", "충분히", "꽤", "상당히", "어쩌면",
    ];

    private static readonly (string Yes, string No)[] _morePredicates =
    [
        ("괜찮은 선택입니다", "괜찮은 선택이 아닙니다"),
        ("가격이 합리적입니다", "가격이 합리적이지 않습니다"),
        ("다시 가고 싶습니다", "다시 가고 싶지 않습니다"),
        ("필요하다고 느꼈습니다", "필요하다고 느끼지 못했습니다"),
        ("만족스러웠습니다", "만족스럽지 않았습니다"),
        ("설명이 친절했습니다", "설명이 친절하지 않았습니다"),
        ("계속 쓸 생각입니다", "계속 쓸 생각이 없습니다"),
        ("바뀔 것 같습니다", "바뀌지 않을 것 같습니다"),
        ("주변에 권하고 싶습니다", "주변에 권하고 싶지 않습니다"),
        ("제 경험과 비슷합니다", "제 경험과 비슷하지 않습니다"),
        ("오래 기다릴 만했습니다", "오래 기다릴 만하지 않았습니다"),
        ("문제가 해결됐습니다", "문제가 해결되지 않았습니다"),
        ("효율적이라고 봅니다", "효율적이지 않다고 봅니다"),
        ("분위기가 좋았습니다", "분위기가 좋지 않았습니다"),
        ("결과가 궁금합니다", "결과가 궁금하지 않습니다"),
        ("시간이 아깝지 않았습니다", "시간이 아까웠습니다"),
    ];

    private static readonly string[] _moreOpeners =
    [
        "좋은 글 감사합니다.", "잘 읽었습니다.", "흥미롭네요.", "저도 비슷한 생각입니다.", "오랜만에 글 남깁니다.",
        "퇴근길에 읽었어요.", "정리가 잘 되어 있네요.", "궁금했던 내용이에요.", "처음 댓글 남겨요.", "이 주제 반갑네요.",
        "공유해 주셔서 고마워요.", "다른 의견도 있을 것 같아요.", "", "", "", "", "", "",
    ];

    private static readonly string[] _moreClosers =
    [
        "다음 글도 기대합니다.", "많이 배웠습니다.", "좋은 하루 보내세요!", "감사합니다 :)", "Thanks for sharing!",
        "다들 어떻게 생각하세요?", "제 생각은 그렇습니다.", "참고하세요.", "앞으로도 지켜보겠습니다.", "저만 그런가요?",
        "후기 기다릴게요.", "", "", "", "", "", "", "",
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

    private sealed record Sentence(int Noun1, int Noun2, int Adverb, int Predicate, bool Negative, int Frame = 0);

    private sealed record Comment(int Opener, Sentence[] Sentences, int Closer, int Latin);

    private sealed class Vocabulary
    {
        public required string[] Nouns { get; init; }

        public required string[] Adverbs { get; init; }

        public required (string Yes, string No)[] Predicates { get; init; }

        public required string[] Openers { get; init; }

        public required string[] Closers { get; init; }

        public required int Frames { get; init; }
    }

    private static readonly Vocabulary _templated = new()
    {
        Nouns = _nouns, Adverbs = _adverbs, Predicates = _predicates, Openers = _openers, Closers = _closers, Frames = 1,
    };

    private static readonly Vocabulary _varied = new()
    {
        Nouns = [.. _nouns, .. _moreNouns, .. _modifiers.SelectMany(m => _nouns.Concat(_moreNouns).Select(n => $"{m} {n}"))],
        Adverbs = [.. _adverbs, .. _moreAdverbs],
        Predicates = [.. _predicates, .. _morePredicates],
        Openers = _moreOpeners,
        Closers = _moreClosers,
        Frames = 3,
    };

    /// <summary>Generates <paramref name="size"/> lines.</summary>
    /// <param name="size">Number of lines.</param>
    /// <param name="seed">The same seed gives the same corpus.</param>
    /// <param name="vocabulary">How varied the comments are; <see cref="CorpusVocabulary.Templated"/> is the first, harder generator.</param>
    public static LabelledCorpus Generate(int size, int seed = 20221206, CorpusVocabulary vocabulary = CorpusVocabulary.Varied)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (vocabulary == CorpusVocabulary.Korean)
        {
            return KoreanCorpusGenerator.Generate(size, seed, KoreanLexicon.Default);
        }

        var words = vocabulary == CorpusVocabulary.Templated ? _templated : _varied;
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
                    var comment = NewComment(random, words);
                    AddOriginal(Render(comment, words), comment, PlantedKind.Original, -1);
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
                var negative = HardNegative(comment, random, words);
                AddOriginal(Render(negative, words), negative, PlantedKind.HardNegative, source);
            }
            else if (random.NextDouble() < 0.5)
            {
                AddOriginal("잘 봤습니다. 다음 글도 기대합니다.", null, PlantedKind.HardNegative, source);
            }
        }

        return new LabelledCorpus(texts, groups, kinds, sources);
    }

    /// <summary>
    /// Generates <paramref name="size"/> lines of the <see cref="CorpusVocabulary.Korean"/> kind from another vocabulary
    /// (for example one read with <see cref="KoreanLexicon.Parse"/>), to measure the engine on words it was never tuned on.
    /// </summary>
    public static LabelledCorpus Generate(int size, int seed, KoreanLexicon lexicon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(lexicon);
        return KoreanCorpusGenerator.Generate(size, seed, lexicon);
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

    private static Comment NewComment(Random random, Vocabulary words)
    {
        var sentences = new Sentence[1 + random.Next(4)];
        for (var i = 0; i < sentences.Length; i++)
        {
            sentences[i] = new Sentence(PickNoun(random, words), PickNoun(random, words), random.Next(words.Adverbs.Length),
                random.Next(words.Predicates.Length), random.NextDouble() < 0.3, words.Frames == 1 || random.NextDouble() < 0.6 ? 0 : 1 + random.Next(words.Frames - 1));
        }

        return new Comment(random.Next(words.Openers.Length), sentences, random.Next(words.Closers.Length), random.NextDouble() < 0.25 ? random.Next(_latin.Length) : -1);
    }

    private static string Render(Comment comment, Vocabulary words)
    {
        var sb = new StringBuilder();
        if (words.Openers[comment.Opener].Length > 0)
        {
            sb.Append(words.Openers[comment.Opener]).Append(' ');
        }

        for (var i = 0; i < comment.Sentences.Length; i++)
        {
            var s = comment.Sentences[i];
            var noun1 = words.Nouns[s.Noun1];
            var noun2 = words.Nouns[s.Noun2];
            var topic = HasFinalConsonant(noun2[^1]) ? "은" : "는";
            _ = s.Frame switch
            {
                1 => sb.Append("요즘 ").Append(noun1).Append(" 이야기가 많은데 ").Append(noun2).Append(topic).Append(' '),
                2 => sb.Append(noun1).Append(HasFinalConsonant(noun1[^1]) ? "과 " : "와 ").Append(noun2).Append(" 중에서는 "),
                _ => sb.Append(noun1).Append("의 ").Append(noun2).Append(topic).Append(' '),
            };
            if (i == 0 && comment.Latin >= 0)
            {
                sb.Append(_latin[comment.Latin]).Append(" 관점에서 ");
            }

            sb.Append(words.Adverbs[s.Adverb]).Append(' ')
                .Append(s.Negative ? words.Predicates[s.Predicate].No : words.Predicates[s.Predicate].Yes).Append(". ");
        }

        if (words.Closers[comment.Closer].Length > 0)
        {
            sb.Append(words.Closers[comment.Closer]);
        }

        return sb.ToString().TrimEnd();
    }

    private static Comment HardNegative(Comment comment, Random random, Vocabulary words)
    {
        var sentences = (Sentence[])comment.Sentences.Clone();
        var i = random.Next(sentences.Length);
        var s = sentences[i];
        sentences[i] = random.Next(3) switch
        {
            0 => s with { Negative = !s.Negative },                                        // a sentence and its negation
            1 => s with { Noun2 = OtherNoun(s.Noun2, random, words) }, // a key word changed
            _ => s with { Noun1 = OtherNoun(s.Noun1, random, words) },
        };
        return comment with { Sentences = sentences };
    }

    /// <summary>A noun; in the varied vocabulary a bare noun 75% of the time, so comments keep the first generator's length.</summary>
    private static int PickNoun(Random random, Vocabulary words)
    {
        if (words.Frames == 1)
        {
            return random.Next(words.Nouns.Length); // one draw, as the first generator made: the same corpus
        }

        var bare = _nouns.Length + _moreNouns.Length;
        return random.NextDouble() < 0.75 ? random.Next(bare) : bare + random.Next(words.Nouns.Length - bare);
    }

    /// <summary>A different noun; in the varied vocabulary, half the time the same noun with another modifier (국내 서버 → 해외 서버).</summary>
    private static int OtherNoun(int noun, Random random, Vocabulary words)
    {
        var bare = _nouns.Length + _moreNouns.Length;
        if (words.Frames > 1 && noun >= bare && random.Next(2) == 0)
        {
            var modifier = (noun - bare) / bare;
            var other = (modifier + 1 + random.Next(_modifiers.Length - 1)) % _modifiers.Length;
            return bare + (other * bare) + ((noun - bare) % bare);
        }

        return (noun + 1 + random.Next(words.Nouns.Length - 1)) % words.Nouns.Length;
    }

    internal static string AddNoise(string text, Random random)
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
