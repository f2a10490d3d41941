/** Test helper: small TMX files as another tool would write them. */

/** A `<tu>` with a source and a target variant (languages as other tools spell them). */
export function tuOf(source: string, target: string, langs: [string, string] = ['zh-CN', 'en-GB']): string {
  return `<tu><tuv xml:lang="${langs[0]}"><seg>${source}</seg></tuv><tuv xml:lang="${langs[1]}"><seg>${target}</seg></tuv></tu>`;
}

/** A TMX 1.4 document around `units` (see {@link tuOf}). */
export function tmxOf(units: string, srclang = 'zh-CN'): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="${srclang}" segtype="sentence" datatype="plaintext" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>` +
    `<body>${units}</body></tmx>`
  );
}
