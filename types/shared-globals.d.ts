/**
 * The platform globals shared/ may use: present alike in browsers, Electron's processes and Node 20. shared/ is
 * type-checked without the DOM and Node libraries (tsconfig.shared.json), so that nothing browser- or Node-only
 * creeps in; these are the exceptions, declared as narrowly as shared/ uses them.
 */
/** WebCrypto's Ed25519 verification, where the runtime has it (the decision-log verifier falls back to noble). */
interface SharedSubtleCrypto {
  importKey(format: 'raw', keyData: Uint8Array<ArrayBuffer>, algorithm: { name: 'Ed25519' }, extractable: boolean, usages: ['verify']): Promise<object>;
  verify(algorithm: 'Ed25519', key: object, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean>;
}
declare var crypto: { randomUUID(): string; getRandomValues<T extends ArrayBufferView>(array: T): T; readonly subtle?: SharedSubtleCrypto };
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly username: string;
  readonly password: string;
  toString(): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
