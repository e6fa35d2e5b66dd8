import { solveBatch } from './pow.js';

/**
 * Solves a proof-of-work challenge off the page's thread: posts
 * `{ tried }` after each batch and `{ nonce }` once found.
 */
interface Job {
  challenge: string;
  difficulty: number;
}
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Job>) => void) | null;
  postMessage(message: unknown): void;
};
const BATCH = 20_000;

scope.onmessage = (e) => {
  const { challenge, difficulty } = e.data;
  for (let start = 0; ; start += BATCH) {
    const nonce = solveBatch(challenge, difficulty, start, BATCH);
    if (nonce !== null) {
      scope.postMessage({ nonce, tried: Number(nonce) + 1 });
      return;
    }
    scope.postMessage({ tried: start + BATCH });
  }
};
