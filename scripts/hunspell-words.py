"""Held-out Korean words for the dedup corpus generator (`write-corpus --words FILE`), drawn from Debian's
hunspell-ko dictionary (/usr/share/hunspell/ko.dic, stored decomposed: read as NFC). Usage: hunspell-words.py SEED.
3,000 nouns (flags 25/10), 600 -하다 verbs (44), 300 -하다 adjectives (49), 300 adverbs (67), in the KoreanWords.txt
format. See docs/dedup.md, "Round 3"."""
import re, random, unicodedata, sys
seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
rows = [unicodedata.normalize('NFC', l.strip()) for l in open('/usr/share/hunspell/ko.dic', encoding='utf-8')][1:]
def pick(pat, flags, n, rnd):
    out = sorted({w.split('/')[0] for w in rows if '/' in w and w.split('/')[1] in flags and re.fullmatch(pat, w.split('/')[0])})
    return rnd.sample(out, min(n, len(out)))
rnd = random.Random(seed)
H = '[\uac00-\ud7a3]'
nouns = pick(f'{H}{{2,4}}', {'25', '10'}, 3000, rnd)
verbs = [w[:-2] for w in pick(f'{H}{{1,4}}하다', {'44'}, 600, rnd)]
adjs = [w[:-2] for w in pick(f'{H}{{1,4}}하다', {'49'}, 300, rnd)]
advs = pick(f'{H}{{2,4}}', {'67'}, 300, rnd)
print('# held-out words drawn from hunspell-ko ko.dic (NFC), seed', seed)
for i in range(0, len(nouns), 20): print('N', *nouns[i:i+20])
for i in range(0, len(verbs), 10): print('V', *[f'{v}하:{v}해' for v in verbs[i:i+10]])
for i in range(0, len(adjs), 10): print('A', *[f'{a}하:{a}해:{a}한' for a in adjs[i:i+10]])
for i in range(0, len(advs), 20): print('D', *advs[i:i+20])
