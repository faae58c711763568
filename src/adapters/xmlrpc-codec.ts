/**
 * XML-RPC encoding and decoding for supervisord. Hand-written over fast-xml-parser because no maintained
 * npm XML-RPC client covers unix sockets, Basic auth, per-call timeouts and supervisor's multicall
 * shape together (FIELD-NOTES); the codec is small and only needs the types supervisord uses.
 */
import { XMLParser } from 'fast-xml-parser';

export type XmlRpcValue = string | number | boolean | XmlRpcValue[] | { [key: string]: XmlRpcValue };

export type XmlRpcResponse = { fault: false; value: XmlRpcValue } | { fault: true; code: number; message: string };

type XmlNode = Record<string, unknown>;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function encodeValue(value: XmlRpcValue): string {
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') return Number.isInteger(value) ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  const members = Object.entries(value).map(([key, item]) => `<member><name>${escapeXml(key)}</name>${encodeValue(item)}</member>`);
  return `<value><struct>${members.join('')}</struct></value>`;
}

/** The body of a `methodCall`. */
export function encodeMethodCall(method: string, params: XmlRpcValue[]): string {
  const encoded = params.map((param) => `<param>${encodeValue(param)}</param>`).join('');
  return `<?xml version="1.0"?>\n<methodCall><methodName>${escapeXml(method)}</methodName><params>${encoded}</params></methodCall>`;
}

const parser = new XMLParser({ preserveOrder: true, parseTagValue: false, trimValues: false, ignoreAttributes: true });

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text');
}

function children(node: XmlNode | undefined, tag: string): XmlNode[] {
  return (node?.[tag] as XmlNode[] | undefined) ?? [];
}

function elements(nodes: XmlNode[], tag?: string): XmlNode[] {
  return nodes.filter((node) => (tag ? tagOf(node) === tag : tagOf(node) !== undefined));
}

function text(nodes: XmlNode[]): string {
  return nodes.map((node) => (node['#text'] === undefined ? '' : String(node['#text']))).join('');
}

function decodeValue(valueNode: XmlNode): XmlRpcValue {
  const inner = children(valueNode, 'value');
  const typed = elements(inner)[0];
  if (!typed) return text(inner);
  const tag = tagOf(typed)!;
  const body = children(typed, tag);
  switch (tag) {
    case 'string':
    case 'dateTime.iso8601':
    case 'base64':
      return text(body);
    case 'int':
    case 'i4':
    case 'i8':
    case 'double':
      return Number(text(body).trim());
    case 'boolean':
      return text(body).trim() === '1';
    case 'nil':
      return '';
    case 'array':
      return elements(children(elements(body, 'data')[0], 'data'), 'value').map(decodeValue);
    case 'struct':
      return Object.fromEntries(
        elements(body, 'member').map((member) => {
          const parts = children(member, 'member');
          return [text(children(elements(parts, 'name')[0], 'name')), decodeValue(elements(parts, 'value')[0] ?? { value: [] })];
        }),
      );
    default:
      throw new Error(`unsupported XML-RPC type <${tag}>`);
  }
}

/** Decodes a `methodResponse`; throws on a body that is not one. */
export function decodeMethodResponse(xml: string): XmlRpcResponse {
  const root = elements(parser.parse(xml) as XmlNode[], 'methodResponse')[0];
  if (!root) throw new Error('not an XML-RPC methodResponse');
  const body = children(root, 'methodResponse');
  const fault = elements(body, 'fault')[0];
  if (fault) {
    const value = decodeValue(elements(children(fault, 'fault'), 'value')[0] ?? { value: [] }) as Record<string, XmlRpcValue>;
    return { fault: true, code: Number(value.faultCode), message: String(value.faultString ?? '') };
  }
  const param = elements(children(elements(body, 'params')[0], 'params'), 'param')[0];
  const value = elements(children(param, 'param'), 'value')[0];
  if (!value) throw new Error('XML-RPC response without a value');
  return { fault: false, value: decodeValue(value) };
}
