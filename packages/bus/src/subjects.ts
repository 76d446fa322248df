import { InvalidQueueGroupError, InvalidSubjectError } from './errors.js';

const whitespace = /\s/;

/** Splits and checks a subject to publish to: non-empty tokens, no whitespace, no wildcards. Returns the tokens. */
export function parsePublishSubject(subject: string): string[] {
  const tokens = parseTokens(subject);
  if (tokens.some((token) => token.includes('*') || token.includes('>'))) {
    throw new InvalidSubjectError(subject, 'wildcards (* and >) are only allowed in subscriptions');
  }
  return tokens;
}

/**
 * Splits and checks a subscription subject: like a publish subject, but a token may be exactly `*`, and the last token
 * may be exactly `>`. Returns the tokens.
 */
export function parseSubscribeSubject(subject: string): string[] {
  const tokens = parseTokens(subject);
  tokens.forEach((token, index) => {
    if (token === '*' || (token === '>' && index === tokens.length - 1)) {
      return;
    }
    if (token === '>') {
      throw new InvalidSubjectError(subject, '> is only allowed as the last token');
    }
    if (token.includes('*') || token.includes('>')) {
      throw new InvalidSubjectError(subject, `wildcards must be whole tokens, not part of ${JSON.stringify(token)}`);
    }
  });
  return tokens;
}

export function validateQueueGroup(queue: string): void {
  if (typeof queue !== 'string' || queue === '') {
    throw new InvalidQueueGroupError(String(queue), 'must be a non-empty string');
  }
  if (whitespace.test(queue)) {
    throw new InvalidQueueGroupError(queue, 'must not contain whitespace');
  }
}

/** Whether subscription `pattern` (parsed) matches the concrete `subject` (parsed), with NATS wildcard semantics. */
export function subjectMatches(pattern: readonly string[], subject: readonly string[]): boolean {
  for (let index = 0; index < pattern.length; index += 1) {
    const token = pattern[index];
    if (token === '>') {
      return subject.length > index;
    }
    const actual = subject[index];
    if (actual === undefined || (token !== '*' && token !== actual)) {
      return false;
    }
  }
  return pattern.length === subject.length;
}

function parseTokens(subject: string): string[] {
  if (typeof subject !== 'string' || subject === '') {
    throw new InvalidSubjectError(String(subject), 'must be a non-empty string');
  }
  if (whitespace.test(subject)) {
    throw new InvalidSubjectError(subject, 'must not contain whitespace');
  }
  const tokens = subject.split('.');
  if (tokens.some((token) => token === '')) {
    throw new InvalidSubjectError(subject, 'tokens must not be empty');
  }
  return tokens;
}
