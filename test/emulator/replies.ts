// The emulator's HTTP answers: a reply record, the JSON writer (which can write a number literal
// exactly as the service spells it), and sending a reply on a Node response.
import { type ServerResponse } from 'node:http';
import { type GraphFailure } from './graphErrors';

/** One HTTP answer. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: Buffer;
  contentType: string;
}

/** A JSON answer before it is written. */
export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A JSON number written exactly as given. The service writes some id-like fields as float literals
 * in exponent form (`"merge_cc": 4.546427159383e+18`, every image under
 * `../shared/fixtures/real/graph/images/`), which `JSON.stringify` cannot produce from a number.
 */
export class NumberLiteral {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw new Error(`not a JSON number: ${text}`);
  }
}

/**
 * A number as C's `%.14g` prints it: 14 significant digits, trailing zeros dropped, exponent form
 * from 1e14 up. That is how the recorded `merge_cc` values are spelled (`4.546427159383e+18`,
 * `5.2826592657222e+17`).
 */
export function printG14(value: number): NumberLiteral {
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 14) {
    const [mantissa = '0', power = '0'] = value.toExponential(13).split('e');
    const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    const n = Number(power);
    const digits = String(Math.abs(n)).padStart(2, '0');
    return new NumberLiteral(`${trimmed}e${n < 0 ? '-' : '+'}${digits}`);
  }
  return new NumberLiteral(String(Number(value.toPrecision(14))));
}

const LITERAL_MARK = '\u0000literal:';

/** `JSON.stringify` that writes {@link NumberLiteral}s verbatim. */
export function stringifyJson(body: unknown): string {
  const text = JSON.stringify(body, (_key, value: unknown) =>
    value instanceof NumberLiteral ? `${LITERAL_MARK}${value.text}\u0000` : value,
  );
  return text.replace(/"\\u0000literal:([-+.0-9eE]+)\\u0000"/g, '$1');
}

/** A JSON reply (Graph answers and errors). */
export function json(reply: JsonReply | GraphFailure): Reply {
  return {
    status: reply.status,
    contentType: 'application/json; charset=UTF-8',
    body: Buffer.from(stringifyJson(reply.body)),
    ...(reply.headers ? { headers: reply.headers } : {}),
  };
}

/** A JSON reply from a status and a body. */
export function rawJson(status: number, body: unknown): Reply {
  return json({ status, body });
}

/** A plain-text reply. */
export function text(status: number, message: string): Reply {
  return { status, contentType: 'text/plain; charset=utf-8', body: Buffer.from(message) };
}

/** Sends a reply unless the client has gone. */
export function send(res: ServerResponse, reply: Reply): void {
  // The client may have gone (or close() cut it) while a slow answer was pending.
  if (res.destroyed || res.socket?.destroyed) {
    return;
  }
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': reply.contentType,
    'Content-Length': String(reply.body.length),
  });
  res.end(reply.body);
}
