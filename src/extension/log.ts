// The extension's single diagnostics channel. Every line passes through `redact`, so no call site
// has to remember to: tokens never reach the log.
import * as vscode from 'vscode';
import type { Logger } from '../shared/logger';
import { redact } from '../shared/redact';

/** The "Mapillary" LogOutputChannel behind the shared Logger interface, with redaction. */
export class ChannelLogger implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Mapillary') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(message: string): void {
    this.channel.trace(redact(message));
  }
  debug(message: string): void {
    this.channel.debug(redact(message));
  }
  info(message: string): void {
    this.channel.info(redact(message));
  }
  warn(message: string): void {
    this.channel.warn(redact(message));
  }
  error(message: string): void {
    this.channel.error(redact(message));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
