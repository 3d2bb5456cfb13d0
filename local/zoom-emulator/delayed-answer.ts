import type { ServerResponse } from 'node:http';

/**
 * Runs `answer` after `delayMs`, or `gone` instead as soon as the client
 * closes the connection: a client that timed out leaves nothing to
 * answer, and computing the answer anyway could move a listing on.
 * `pending` holds the timers so that stopping the server can clear them.
 */
export function answerLater(
  res: ServerResponse,
  delayMs: number,
  pending: Set<NodeJS.Timeout>,
  answer: () => void,
  gone: () => void,
): void {
  const timer = setTimeout(() => {
    pending.delete(timer);
    res.off('close', onClose);
    answer();
  }, delayMs);
  const onClose = () => {
    clearTimeout(timer);
    pending.delete(timer);
    gone();
  };

  pending.add(timer);
  res.once('close', onClose);
}
