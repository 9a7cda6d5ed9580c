// Local typings for the native binding, trimmed from the upstream d.ts files
// so the renderer build does not need the addon's sources.
// expect: libsession/nodejs-import
declare module 'libsession_util_nodejs' {
  export type PubkeyType = `05${string}`;
  export type GroupPubkeyType = `03${string}`;

  export abstract class BaseConfigWrapperNode {
    public needsDump(): boolean;
    public needsPush(): boolean;
    public dump(): Uint8Array;
  }

  export class UserConfigWrapperNode extends BaseConfigWrapperNode {
    constructor(secretKey: Uint8Array, dump: Uint8Array | null);
    public getName(): string | null;
    public setName(name: string): void;
  }

  export const CONSTANTS: {
    CONTACT_MAX_NAME_LENGTH: number;
    LIBSESSION_UTIL_VERSION: string;
  };
}
