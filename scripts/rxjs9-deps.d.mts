/** spec/rxjs9, where rxjs 9 and its test kit are installed. */
export declare const rxjs9Folder: string;
/** Runs `npm ci` in spec/rxjs9 (under Node 22) unless its install is current; throws when npm fails. */
export declare function installRxjs9(): void;
