/**
 * Which tagged texts machine translation must never receive: those with nothing to translate.
 * Pure: works on the XML of `domain/mtTags.ts`.
 */

// Protected atoms (URLs, code, HTML, images, wiki links, pipes) carry nothing to translate.
const ATOMS = /<x i="\d+"\/>/g;
// Paired markup: the tags go, the text they wrap stays.
const PAIR_TAGS = /<\/?m(?: i="\d+")?>/g;
const ENTITIES = /&(?:amp|lt|gt|quot|apos);/g;
// Whitespace, punctuation, symbols (emoji included) and digits only.
const NOTHING_LEFT = /^[\s\p{P}\p{S}\p{N}]*$/u;

/**
 * True when the tagged text has no word to translate: only atoms (a URL, an image, code), only
 * markup, only whitespace, punctuation, symbols or numbers. Such a text translates to itself, so
 * it is copied instead of being sent (and billed).
 */
export function nothingToTranslate(xml: string): boolean {
  return NOTHING_LEFT.test(xml.replace(ATOMS, ' ').replace(PAIR_TAGS, '').replace(ENTITIES, ' '));
}
