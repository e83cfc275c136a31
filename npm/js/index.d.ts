// Types of the package's public API (npm/js/emulator.mjs).

/** `Timestream_20181101`, the prefix of every `X-Amz-Target`. */
export declare const TARGET_PREFIX: "Timestream_20181101";

/** A time: a Date, milliseconds since the epoch, or ISO-8601 with a zone ("2024-05-01T12:00:00Z") or a date ("2024-05-01"). */
export type Time = Date | number | string;
/** A duration: milliseconds, or a string such as "250ms", "90s", "1h30m", "-2d". */
export type Duration = number | string;

export interface EmulatorOptions {
  /** Region of ARNs when a request names none (the SDK's requests do, in their signature). Default us-east-1. */
  region?: string;
  /** Account of ARNs. Default 123456789012. */
  account?: string;
  /** The `Address` DescribeEndpoints answers. Default `ingest-cell1.timestream.<region>.amazonaws.com`. */
  endpointAddress?: string;
  /** DescribeEndpoints' `CachePeriodInMinutes`. Default 1440. */
  endpointCacheMinutes?: number;
  /** Freezes the clock at this time (else it follows the system clock). */
  clock?: Time;
  /** Starts from a snapshot document (from `exportSnapshot`). */
  snapshot?: string | object;
}

/** An answer as the service would send it. */
export interface Reply {
  /** HTTP status: 200, 400 (ValidationException), 404, 409, 419 (RejectedRecordsException)... */
  status: number;
  /** The error's short name (`ValidationException`), undefined on success. */
  errorType?: string;
  requestId: string;
  /** The parsed JSON body; null for operations without output (DeleteDatabase, DeleteTable). */
  body: any;
}

/** One problem of a request. */
export interface Diagnostic {
  /** Member path such as `Records[3].Dimensions[0].Name` ("" for the whole body). */
  path: string;
  rule: "syntax" | "type" | "unknownMember" | "required" | "minLength" | "maxLength" | "maxBytes" | "minValue" | "maxValue" | "pattern" | "enum" | "semantic";
  /** The message in the service's words. */
  message: string;
}

export interface ClockState {
  epochMs: number;
  iso: string;
  /** True while the clock stands still (set, advanced or frozen). */
  frozen: boolean;
}

/** The HTTP request the AWS SDK for JavaScript v3 hands its request handler (the members used). */
export interface SdkHttpRequest {
  method: string;
  hostname?: string;
  path?: string;
  headers: Record<string, string>;
  body?: any;
}

/** The SDK's HttpResponse shape. */
export interface SdkHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A request handler for `@aws-sdk/client-timestream-write` (the SDK's `HttpHandler` contract). */
export interface EmulatorRequestHandler {
  metadata: { handlerProtocol: string };
  handle(request: SdkHttpRequest, options?: unknown): Promise<{ response: SdkHttpResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): {};
  destroy(): void;
}

export declare class Emulator {
  constructor(options?: EmulatorOptions);
  /** A new emulator from a snapshot document. */
  static fromSnapshot(snapshot: string | object): Emulator;
  /** One request: `target` is `WriteRecords` or `Timestream_20181101.WriteRecords`; `body` an object, JSON text or bytes. */
  handle(target: string, body?: object | string | Uint8Array, options?: { region?: string }): Reply;
  /** Every problem of a request without running it; empty when valid. Throws on an unknown operation. */
  diagnose(operation: string, body?: object | string | Uint8Array): Diagnostic[];
  /** The emulator's time. */
  now(): Date;
  clock(): ClockState;
  /** Stops the clock at `time`. */
  setClock(time: Time): this;
  /** Moves the clock by `by` (negative: back); a running clock stops there. */
  advance(by: Duration): this;
  /** Stops the clock where it is. */
  freeze(): this;
  /** The clock follows the system time again. */
  useSystemClock(): this;
  /** The whole state (resources, records and their history, clock, ids) as JSON text. */
  exportSnapshot(): string;
  /** Replaces the state with a snapshot's; throws and changes nothing on a bad document. */
  importSnapshot(snapshot: string | object): this;
  /** `new TimestreamWriteClient({ region, credentials, requestHandler: emulator.requestHandler() })`: no server, no network. */
  requestHandler(): EmulatorRequestHandler;
  /** Frees the engine's memory now rather than when the object is collected. */
  free(): void;
}
