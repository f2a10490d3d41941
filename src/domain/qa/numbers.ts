/**
 * Numbers in Chinese sources and in en / ru / zh targets, as sets of numeric values, for the
 * numbers and consistency checks. Pure logic.
 *
 * Source side: Arabic digits (full-width too) with 万 / 亿 / 千 multipliers (3.5万 = 35000,
 * 1.2亿 = 120000000), months (6月 = 6, which a target may write as June / июня), and Chinese
 * numerals (三十五, 两千, 二〇二一) when they are followed by a measure word or date unit, or
 * preceded by 第 or 百分之, so that words like 一些, 一直, 百姓, 千万(不要) are not numbers. A bare
 * 一 ("a") is never a number.
 *
 * Target side (lenient, to avoid false alarms): each digit group and each decimal or thousands
 * reading of it (35,000 / 35 000 / 3,5 / 3.5), multiplied by a following thousand / million /
 * billion / тыс. / млн / млрд; month names; spelled-out numbers (thirty-five, both, second,
 * тридцать пять, двух, оба, второй).
 */

/** A number found in a source text. */
export interface SourceNumber {
  start: number;
  end: number;
  raw: string;
  /** Acceptable values (the first is the one to show). */
  values: number[];
  /** Written with digits (an error if missing) rather than Chinese numerals (a warning). */
  digits: boolean;
}

/** Canonical key of a value, so that 1.2 × 1e8 equals 120000000. */
export function valueKey(v: number): number {
  return Number(v.toPrecision(12));
}

/** Full-width ASCII and the ideographic space to half-width, keeping every offset. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG: Readonly<Record<string, number>> = { 万: 1e4, 亿: 1e8, 萬: 1e4, 億: 1e8 };
const MULTIPLIER: Readonly<Record<string, number>> = {
  千: 1e3,
  万: 1e4,
  百万: 1e6,
  千万: 1e7,
  亿: 1e8,
  万亿: 1e12,
  萬: 1e4,
  百萬: 1e6,
  千萬: 1e7,
  億: 1e8,
  萬億: 1e12,
};

/** Value of a Chinese numeral (三十五 → 35, 两千 → 2000, 二〇二一 → 2021, 十 → 10); NaN if malformed. */
export function parseChineseNumeral(text: string): number {
  const chars = [...text];
  if (chars.every((c) => c in CN_DIGITS)) {
    // Digit by digit (years: 二〇二一), unless a single digit.
    return Number(chars.map((c) => CN_DIGITS[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastBig = 0;
  for (const c of chars) {
    if (c in CN_DIGITS) {
      digit = CN_DIGITS[c]!;
    } else if (c in CN_UNITS) {
      section += (digit ?? 1) * CN_UNITS[c]!;
      digit = undefined;
    } else if (c in CN_BIG) {
      const big = CN_BIG[c]!;
      const value = section + (digit ?? 0);
      // 一万亿: a bigger unit after a smaller one multiplies everything so far.
      total = big > lastBig && total > 0 ? (total + value) * big : total + value * big;
      lastBig = Math.max(lastBig, big);
      section = 0;
      digit = undefined;
    } else return NaN;
  }
  return total + section + (digit ?? 0);
}

// Measure words, date units and % after which a Chinese numeral is a number.
const MEASURE =
  '个個名位人年月日号號次天岁歲家国國项項条條架艘枚辆輛种種倍元块塊美公米吨噸小秒周届屆轮輪部份批所座栋棟层層篇本首句件只隻头頭匹张張台臺场場股支队隊期季世%';
const ARABIC = /(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s?(万亿|百万|千万|萬億|百萬|千萬|亿|万|億|萬|千))?/g;
const CHINESE = /(第|百分之)?([零〇一二两兩三四五六七八九十百千万亿萬億]+)/gu;

/** The numbers of a source text (offsets into `text`, which is read in half-width). */
export function sourceNumbers(text: string, offset = 0): SourceNumber[] {
  const half = toHalfWidth(text);
  const out: SourceNumber[] = [];
  for (const m of half.matchAll(ARABIC)) {
    const n = Number(m[1]!.replace(/,/g, ''));
    const mult = m[2] ? MULTIPLIER[m[2]]! : 1;
    const end = m.index! + m[0].length;
    out.push({ start: offset + m.index!, end: offset + end, raw: text.slice(m.index!, end), values: [valueKey(n * mult)], digits: true });
  }
  for (const m of half.matchAll(CHINESE)) {
    const [, prefix, numeral] = m;
    const after = half[m.index! + m[0].length] ?? '';
    const measure = after && MEASURE.includes(after) ? after : undefined;
    const before = half[m.index! - 1] ?? '';
    if (!prefix && (!measure || /[数几多]/.test(before))) continue;
    const value = parseChineseNumeral(numeral!);
    if (Number.isNaN(value) || value === 0 || (value === 1 && numeral === '一' && !prefix && !/[月日号]/.test(measure ?? ''))) continue;
    const start = m.index! + (prefix?.length ?? 0);
    out.push({ start: offset + start, end: offset + start + numeral!.length, raw: numeral!, values: [valueKey(value)], digits: false });
  }
  return out.sort((a, b) => a.start - b.start);
}

const TARGET_CHUNK = /\d+(?:[.,]\d+)*(?:[ \u00a0\u202f]\d{3}(?:[.,]\d+)*)*/g;
const SCALE_WORD =
  /^\s?(thousand|million|billion|trillion|bn|k|тыс\.?|тысяч\p{L}*|млн\.?|миллион\p{L}*|млрд\.?|миллиард\p{L}*|трлн\.?|триллион\p{L}*)(?!\p{L})/iu;
const SCALES: readonly [RegExp, number][] = [
  [/^(thousand|k|тыс|тысяч)/i, 1e3],
  [/^(million|млн|миллион)/i, 1e6],
  [/^(billion|bn|млрд|миллиард)/i, 1e9],
  [/^(trillion|трлн|триллион)/i, 1e12],
];

/** The readings of one digit chunk: every digit group, decimal and thousands readings, the whole. */
function chunkValues(chunk: string): { whole: number[]; all: number[] } {
  const all = new Set<number>();
  const whole = new Set<number>();
  for (const d of chunk.match(/\d+/g) ?? []) all.add(valueKey(Number(d)));
  for (const m of chunk.matchAll(/(?=(\d+)[.,](\d+))/g)) all.add(valueKey(Number(`${m[1]}.${m[2]}`)));
  const bare = chunk.replace(/[ \u00a0\u202f]/g, '');
  if (/^\d{1,3}([,.]\d{3})+$/.test(bare)) whole.add(valueKey(Number(bare.replace(/[,.]/g, ''))));
  const grouped = /^(\d{1,3}(?:([,. ])\d{3})*)(?:[.,](\d+))?$/.exec(chunk.replace(/[\u00a0\u202f]/g, ' '));
  if (grouped) whole.add(valueKey(Number(`${grouped[1]!.replace(/[,. ]/g, '')}.${grouped[3] ?? '0'}`)));
  const decimal = /^(\d+)(?:[.,](\d+))?$/.exec(bare);
  if (decimal) whole.add(valueKey(Number(`${decimal[1]}.${decimal[2] ?? '0'}`)));
  for (const v of whole) all.add(v);
  return { whole: [...whole], all: [...all] };
}

const EN_MONTHS =
  /\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b/g;
const EN_MONTH_INDEX = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const RU_MONTHS = /(?<!\p{L})(январ|феврал|март|апрел|ма[йяе](?!\p{L})|июн|июл|август|сентябр|октябр|ноябр|декабр)/giu;
const RU_MONTH_INDEX = ['январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];

/** Spelled-out number words: [pattern of a whole lower-case word, value, is a scale word]. */
const ORD = '(?:ый|ой|ий|ая|ое|ого|ому|ом|ые|ых|ую|ым|ыми|ое)';
const WORDS: readonly [RegExp, number, boolean?][] = [
  ...[
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
  ].map((w, i) => [new RegExp(`^${w}$`), i] as [RegExp, number]),
  ...['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map(
    (w, i) => [new RegExp(`^${w}$`), 20 + 10 * i] as [RegExp, number],
  ),
  ...['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'].map(
    (w, i) => [new RegExp(`^${w}$`), i + 1] as [RegExp, number],
  ),
  [/^(both|twice|pair)$/, 2],
  [/^dozen$/, 12],
  [/^hundred$/, 100, true],
  [/^thousand$/, 1e3, true],
  [/^million$/, 1e6, true],
  [/^billion$/, 1e9, true],
  [/^ноль$/, 0],
  [/^(один|одна|одно|одного|одной|одному|одним|одном|одну)$/, 1],
  [/^(два|две|двух|двум|двумя|оба|обе|обоих|обеих|обоим|двое|двоих)$/, 2],
  [/^(три|трех|трем|тремя|трое|троих)$/, 3],
  [/^(четыре|четырех|четырем|четырьмя)$/, 4],
  [/^(пять|пяти|пятью)$/, 5],
  [/^(шесть|шести|шестью)$/, 6],
  [/^(семь|семи|семью)$/, 7],
  [/^(восемь|восьми|восемью)$/, 8],
  [/^(девять|девяти|девятью)$/, 9],
  [/^(десять|десяти|десятью)$/, 10],
  ...[
    'одиннадцат',
    'двенадцат',
    'тринадцат',
    'четырнадцат',
    'пятнадцат',
    'шестнадцат',
    'семнадцат',
    'восемнадцат',
    'девятнадцат',
    'двадцат',
    'тридцат',
  ].map((w, i) => [new RegExp(`^${w}(ь|и|ью|${ORD.slice(3, -1)})$`), i < 9 ? 11 + i : i === 9 ? 20 : 30] as [RegExp, number]),
  [/^(сорок|сорока)$/, 40],
  [/^(пятьдесят|пятидесяти)$/, 50],
  [/^(шестьдесят|шестидесяти)$/, 60],
  [/^(семьдесят|семидесяти)$/, 70],
  [/^(восемьдесят|восьмидесяти)$/, 80],
  [/^(девяносто|девяноста)$/, 90],
  [/^(сто|ста)$/, 100, true],
  [/^(двести|двухсот)$/, 200],
  [/^(тысяча|тысячи|тысяч|тысячу|тысячей|тысячам|тысячами|тысячах)$/, 1e3, true],
  [/^миллион\p{L}*$/u, 1e6, true],
  [/^миллиард\p{L}*$/u, 1e9, true],
  [new RegExp(`^перв${ORD}$`), 1],
  [new RegExp(`^втор${ORD}$`), 2],
  [/^трет(ий|ья|ье|ьего|ьей|ьему|ьем|ьи|ьих|ью)$/, 3],
  [new RegExp(`^четверт${ORD}$`), 4],
  [new RegExp(`^пят${ORD}$`), 5],
  [new RegExp(`^шест${ORD}$`), 6],
  [new RegExp(`^седьм${ORD}$`), 7],
  [new RegExp(`^восьм${ORD}$`), 8],
  [new RegExp(`^девят${ORD}$`), 9],
  [new RegExp(`^десят${ORD}$`), 10],
];

/** Values of spelled-out numbers, each word and each run combined (thirty-five → 30, 5, 35). */
function wordValues(text: string, into: Set<number>): void {
  let total = 0;
  let current = 0;
  let inRun = false;
  const flush = () => {
    if (inRun) into.add(valueKey(total + current));
    total = current = 0;
    inRun = false;
  };
  for (const m of text.matchAll(/\p{L}+|[^\p{L}]+/gu)) {
    const token = m[0];
    if (!/\p{L}/u.test(token)) {
      if (!/^[\s-]+$/.test(token)) flush();
      continue;
    }
    const word = token.toLowerCase().replace(/ё/g, 'е');
    const hit = WORDS.find(([re]) => re.test(word));
    if (!hit) {
      if (!(inRun && (word === 'and' || word === 'и'))) flush();
      continue;
    }
    const [, value, scale] = hit;
    into.add(valueKey(value));
    inRun = true;
    if (scale && value === 100) current = (current || 1) * 100;
    else if (scale) {
      total += (current || 1) * value;
      current = 0;
    } else current += value;
  }
  flush();
}

/** The digit numbers written in a target, each with its whole readings (for cross-target comparison). */
export function targetDigitNumbers(text: string): { start: number; end: number; raw: string; values: number[] }[] {
  const half = toHalfWidth(text);
  return [...half.matchAll(TARGET_CHUNK)].map((m) => ({
    start: m.index!,
    end: m.index! + m[0].length,
    raw: m[0],
    values: chunkValues(m[0].trim()).whole,
  }));
}

/** Every value a target text can be read to contain (lenient; see the module comment). */
export function targetValues(text: string, lang: string): Set<number> {
  const half = toHalfWidth(text);
  const values = new Set<number>();
  for (const m of half.matchAll(TARGET_CHUNK)) {
    const { all } = chunkValues(m[0].trim());
    for (const v of all) values.add(v);
    const scale = SCALE_WORD.exec(half.slice(m.index! + m[0].length));
    const factor = scale ? SCALES.find(([re]) => re.test(scale[1]!))?.[1] : undefined;
    if (factor) for (const v of all) values.add(valueKey(v * factor));
  }
  for (const m of half.matchAll(EN_MONTHS)) values.add(EN_MONTH_INDEX.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1);
  for (const m of half.matchAll(RU_MONTHS)) {
    const stem = m[1]!.toLowerCase();
    values.add(RU_MONTH_INDEX.findIndex((s) => stem.startsWith(s)) + 1);
  }
  wordValues(half, values);
  if (lang.toLowerCase().startsWith('zh')) for (const n of sourceNumbers(half)) for (const v of n.values) values.add(v);
  return values;
}

// toLocaleString with options builds a formatter on every call (a save's numbers check formats each number it reports).
const VALUE_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Shows a value for a message: 35000 → "35,000". */
export function formatValue(v: number): string {
  return VALUE_FORMAT.format(v);
}
