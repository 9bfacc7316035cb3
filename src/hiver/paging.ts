// Paging helpers: limit clamping and an iterator over every page that stops on loops.
import type { Page } from './models';

export function clampLimit(_limit?: number): number {
  throw new Error('not implemented');
}

export async function* allPages<T extends { id: string }>(
  _fetchPage: (nextPage: string | undefined) => Promise<Page<T>>,
  _options: { signal?: AbortSignal; firstToken?: string } = {},
): AsyncGenerator<Page<T>> {
  throw new Error('not implemented');
}
