// A stand-in for the Explorer model's source, for its unit tests: fixed sequences and images, with
// every call counted and any call told to fail.
import { type ExplorerSource } from '../../../src/shared/explorer/explorerModel';
import {
  type ExplorerImage,
  type SequenceSummary,
} from '../../../src/shared/explorer/explorerNode';

/** A source over fixed data that counts calls and can be told to fail. */
export class FakeSource implements ExplorerSource {
  calls = { findSequences: 0, getImageIds: 0, getImages: 0, listUserSequences: 0 };
  requestedIds: string[][] = [];
  failNext: Partial<Record<keyof FakeSource['calls'], Error>> = {};
  gate: Promise<void> | undefined;
  constructor(
    readonly sequences: SequenceSummary[],
    readonly ids: Record<string, string[]>,
    readonly missing = new Set<string>(),
  ) {}
  private fail(name: keyof FakeSource['calls']): void {
    this.calls[name] += 1;
    const error = this.failNext[name];
    if (error) {
      delete this.failNext[name];
      throw error;
    }
  }
  async findSequences(): Promise<SequenceSummary[]> {
    this.fail('findSequences');
    await this.gate;
    return this.sequences;
  }
  async listUserSequences(): Promise<SequenceSummary[]> {
    this.fail('listUserSequences');
    await this.gate;
    return this.sequences.slice(0, 1);
  }
  async getImageIds(sequenceId: string): Promise<string[]> {
    this.fail('getImageIds');
    await this.gate;
    return this.ids[sequenceId] ?? [];
  }
  async getImages(ids: readonly string[]): Promise<Map<string, ExplorerImage>> {
    this.fail('getImages');
    this.requestedIds.push([...ids]);
    await this.gate;
    return new Map(
      ids
        .filter((id) => !this.missing.has(id))
        .map((id) => [id, { id, captured_at: Number(id) * 1000 }]),
    );
  }
}

/** The ids `from`, `from + 1`, … as strings, `count` of them. */
export function range(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(from + i));
}
