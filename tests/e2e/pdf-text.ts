/**
 * The text of a PDF that Chromium printed (Skia's PDF backend), for tests that check what a
 * printed page holds. Skia writes every font with a ToUnicode CMap (Type0 fonts with 2-byte codes,
 * Type3 fonts of CJK glyphs with 1-byte codes) and draws text as hex strings (`<0028...> Tj`), its
 * streams compressed with Flate: so the text is each page's hex strings mapped through the CMap of
 * the font in use. One line per text run; a line wrapped on paper is two runs. Not a general PDF
 * reader: it refuses what it does not know (an encrypted file, a stream it cannot inflate).
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objectsOf(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1'); // one character per byte: offsets are byte offsets
  if (/\/Encrypt\b/.test(text)) throw new Error('pdfText: an encrypted PDF');
  const out = new Map<string, PdfObject>();
  for (const m of text.matchAll(/(\d+) 0 obj\b([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const at = body.search(/\bstream\r?\n/);
    if (at < 0) {
      out.set(m[1]!, { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const length = /\/Length (\d+)(?! \d+ R)/.exec(dict);
    if (!length) throw new Error(`pdfText: object ${m[1]} has no direct /Length`);
    const bodyStart = m.index! + m[0].length - 'endobj'.length - body.length;
    const start = bodyStart + at + /stream\r?\n/.exec(body.slice(at))![0].length;
    const raw = pdf.subarray(start, start + Number(length[1]));
    out.set(m[1]!, {
      dict,
      stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw
    });
  }
  return out;
}

/** A ToUnicode CMap: code (as hex, upper case) -> text, and the code's length in bytes. */
function cmapOf(source: string): { bytes: number; map: Map<string, string> } {
  const hexText = (h: string) =>
    String.fromCharCode(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
  const space = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(source);
  const bytes = space ? space[1]!.length / 2 : 2;
  const map = new Map<string, string>();
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, to] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(code!.toUpperCase(), hexText(to!));
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, to] of block[1]!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g
    )) {
      const first = parseInt(to!, 16);
      for (let c = parseInt(lo!, 16); c <= parseInt(hi!, 16); c++)
        map.set(
          c.toString(16).toUpperCase().padStart(lo!.length, '0'),
          String.fromCharCode(first + c - parseInt(lo!, 16))
        );
    }
  return { bytes, map };
}

/** The text of every page, in order: one line per text run. */
export function pdfText(pdf: Buffer): string {
  const objects = objectsOf(pdf);
  const cmaps = new Map<string, ReturnType<typeof cmapOf>>();
  const fontOf = (ref: string) => {
    if (!cmaps.has(ref)) {
      const unicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(ref)?.dict ?? '');
      const stream = unicode && objects.get(unicode[1]!)?.stream;
      cmaps.set(ref, stream ? cmapOf(stream.toString('latin1')) : { bytes: 2, map: new Map() });
    }
    return cmaps.get(ref)!;
  };
  const lines: string[] = [];
  for (const page of objects.values()) {
    if (!/\/Type \/Page\b(?!s)/.test(page.dict)) continue;
    const fonts = new Map<string, string>();
    const fontDict = /\/Font <<([\s\S]*?)>>/.exec(page.dict)?.[1] ?? '';
    for (const [, name, ref] of fontDict.matchAll(/\/(\S+) (\d+) 0 R/g)) fonts.set(name!, ref!);
    const contents = /\/Contents (?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page.dict);
    const refs = contents?.[2]
      ? [contents[2]]
      : [...(contents?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((r) => r[1]!);
    for (const ref of refs) {
      const content = objects.get(ref)?.stream?.toString('latin1') ?? '';
      let font = fontOf('');
      for (const m of content.matchAll(
        /\/(\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g
      )) {
        if (m[1] !== undefined) {
          font = fontOf(fonts.get(m[1]) ?? '');
          continue;
        }
        const hex = m[2] ?? [...m[3]!.matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => x[1]).join('');
        const width = font.bytes * 2;
        let line = '';
        for (let k = 0; k + width <= hex.length; k += width)
          line += font.map.get(hex.slice(k, k + width).toUpperCase()) ?? '\uFFFD';
        lines.push(line);
      }
    }
  }
  return lines.join('\n');
}
