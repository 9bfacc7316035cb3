// Tag colours: what a user may type for a new tag, and what the tree and panels may paint.
// Values come from people and from the API, so only plain hex colours pass. The one colour
// check of the extension: no imports, so the webview scripts (media/panels) use it too.

const HEX6 = /^#?([0-9a-f]{6})$/i;
const HEX3 = /^#?([0-9a-f]{3})$/i;

/** "#abc", "abc", "#AABBCC" or "aabbcc" → "#aabbcc"; anything else → undefined. */
export function normaliseHexColor(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  const six = HEX6.exec(text);
  if (six) return `#${six[1].toLowerCase()}`;
  const three = HEX3.exec(text);
  if (three) return `#${[...three[1].toLowerCase()].map((c) => c + c).join('')}`;
  return undefined;
}

/** A colour safe to put in a style attribute: "#rrggbb" or "#rgb" exactly as Hiver sends it, else undefined. */
export function safeCssColor(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim().startsWith('#')) return undefined;
  return normaliseHexColor(value);
}

/** Black or white text, whichever has the higher contrast on the given background (WCAG 2). */
export function contrastingText(hex: string): '#000000' | '#ffffff' {
  const value = normaliseHexColor(hex) ?? '#808080';
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(value.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05): equal at L = 0.179.
  return (luminance + 0.05) ** 2 > 0.05 * 1.05 ? '#000000' : '#ffffff';
}
