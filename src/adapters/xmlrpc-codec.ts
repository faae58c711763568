/**
 * XML-RPC encoding and decoding for supervisord. Hand-written: no maintained npm XML-RPC client covers unix
 * sockets, Basic auth, per-call timeouts and supervisor's multicall shape together (FIELD-NOTES), and a
 * general XML parser is the bottleneck of every poll: fast-xml-parser (preserveOrder) took 264 ms for a
 * 1000-process getAllProcessInfo here, this scanner of XML-RPC's eleven tags a few ms (bench/RESULTS.md).
 * It never validates more than it needs, so raw control characters in log text do not stop it.
 */

export type XmlRpcValue = string | number | boolean | XmlRpcValue[] | { [key: string]: XmlRpcValue };

export type XmlRpcResponse = { fault: false; value: XmlRpcValue } | { fault: true; code: number; message: string };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function encodeValue(value: XmlRpcValue): string {
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number')
    return Number.isInteger(value) ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  const members = Object.entries(value).map(
    ([key, item]) => `<member><name>${escapeXml(key)}</name>${encodeValue(item)}</member>`,
  );
  return `<value><struct>${members.join('')}</struct></value>`;
}

/** The body of a `methodCall`. */
export function encodeMethodCall(method: string, params: XmlRpcValue[]): string {
  const encoded = params.map((param) => `<param>${encodeValue(param)}</param>`).join('');
  const call = `<methodName>${escapeXml(method)}</methodName><params>${encoded}</params>`;
  return `<?xml version="1.0"?>\n<methodCall>${call}</methodCall>`;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
}

/** A cursor over the response text that steps from tag to tag, with one tag of lookahead. */
class Scanner {
  pos = 0;
  private ahead: { tag: Tag; end: number } | undefined;
  constructor(readonly xml: string) {}

  fail(problem: string): never {
    throw new Error(`${problem} at offset ${this.pos}`);
  }

  private scan(): { tag: Tag; end: number } {
    let from = this.pos;
    for (;;) {
      const open = this.xml.indexOf('<', from);
      if (open === -1) this.fail('unexpected end of document');
      const close = this.xml.indexOf('>', open);
      if (close === -1) this.fail('unterminated tag');
      const first = this.xml.charCodeAt(open + 1);
      if (first === 63 /* ? */ || first === 33 /* ! */) {
        from = close + 1;
        continue;
      }
      const closing = first === 47; /* / */
      const selfClosing = this.xml.charCodeAt(close - 1) === 47;
      let name = this.xml.slice(open + (closing ? 2 : 1), selfClosing ? close - 1 : close);
      const space = name.search(/\s/);
      if (space !== -1) name = name.slice(0, space);
      return { tag: { name, closing, selfClosing }, end: close + 1 };
    }
  }

  /** The next tag, skipping text, declarations and comments before it. */
  tag(): Tag {
    const next = this.ahead ?? this.scan();
    this.ahead = undefined;
    this.pos = next.end;
    return next.tag;
  }

  /** The next tag, without consuming it. */
  peek(): Tag {
    this.ahead ??= this.scan();
    return this.ahead.tag;
  }

  expect(name: string, closing = false): Tag {
    const tag = this.tag();
    if (tag.name !== name || tag.closing !== closing)
      this.fail(`expected <${closing ? '/' : ''}${name}>, found <${tag.closing ? '/' : ''}${tag.name}>`);
    return tag;
  }

  /** Text up to the closing tag `name`, entities decoded. */
  textUntil(name: string): string {
    this.ahead = undefined;
    const end = this.xml.indexOf(`</${name}>`, this.pos);
    if (end === -1) this.fail(`unterminated <${name}>`);
    const text = this.xml.slice(this.pos, end);
    this.pos = end + name.length + 3;
    return decodeText(text);
  }
}

function scalar(type: string, text: string): XmlRpcValue {
  switch (type) {
    case 'string':
    case 'base64':
    case 'dateTime.iso8601':
      return text;
    case 'int':
    case 'i4':
    case 'i8':
    case 'double':
      return Number(text.trim());
    case 'boolean':
      return text.trim() === '1';
    default:
      throw new Error(`unsupported XML-RPC type <${type}>`);
  }
}

/** Reads one `<value>...</value>`. */
function readValue(s: Scanner): XmlRpcValue {
  const open = s.expect('value');
  if (open.selfClosing) return '';
  const next = s.peek();
  if (next.closing && next.name === 'value') return s.textUntil('value');
  const typed = s.tag();
  let result: XmlRpcValue;
  if (typed.name === 'array') result = typed.selfClosing ? [] : readArray(s);
  else if (typed.name === 'struct') result = typed.selfClosing ? {} : readStruct(s);
  else if (typed.name === 'nil') result = typed.selfClosing ? '' : (s.textUntil('nil'), '');
  else result = typed.selfClosing ? scalar(typed.name, '') : scalar(typed.name, s.textUntil(typed.name));
  s.expect('value', true);
  return result;
}

function readArray(s: Scanner): XmlRpcValue[] {
  const data = s.expect('data');
  const items: XmlRpcValue[] = [];
  if (!data.selfClosing) {
    while (!s.peek().closing) items.push(readValue(s));
    s.expect('data', true);
  }
  s.expect('array', true);
  return items;
}

function readStruct(s: Scanner): Record<string, XmlRpcValue> {
  const members: Record<string, XmlRpcValue> = {};
  while (!s.peek().closing) {
    s.expect('member');
    s.expect('name');
    const name = s.textUntil('name');
    members[name] = readValue(s);
    s.expect('member', true);
  }
  s.expect('struct', true);
  return members;
}

/** Decodes a `methodResponse`; throws on a body that is not one. */
export function decodeMethodResponse(xml: string): XmlRpcResponse {
  const s = new Scanner(xml);
  s.expect('methodResponse');
  const next = s.tag();
  if (next.name === 'fault') {
    const value = readValue(s) as Record<string, XmlRpcValue>;
    return { fault: true, code: Number(value.faultCode), message: String(value.faultString ?? '') };
  }
  if (next.name !== 'params') s.fail(`expected <params> or <fault>, found <${next.name}>`);
  s.expect('param');
  return { fault: false, value: readValue(s) };
}
