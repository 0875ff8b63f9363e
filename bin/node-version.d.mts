export declare const MINIMUM_NODE: readonly [number, number];
export declare function nodeIsSupported(version: string): boolean;
export declare function unsupportedNodeMessage(version: string, execPath: string): string;
