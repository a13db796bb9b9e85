import type { Text } from '@codemirror/state';

export interface Indentation {
  /** The string one indentation level inserts: a tab or some spaces. */
  unit: string;
  tabSize: number;
}

const DEFAULT: Indentation = { unit: '    ', tabSize: 4 };
const SAMPLE_LINES = 2000;

/**
 * Guesses the indentation of a document from its first lines, like VS Code's
 * "detect indentation": tabs if most indented lines start with a tab, else the most
 * frequent step between the indentation of consecutive lines (2, 4 or 8 spaces).
 */
export function detectIndentation(doc: Text): Indentation {
  let tabLines = 0;
  let spaceLines = 0;
  let previous = 0;
  const steps = new Map<number, number>();
  const last = Math.min(doc.lines, SAMPLE_LINES);
  for (let n = 1; n <= last; n++) {
    const text = doc.line(n).text;
    if (text.trim() === '') {
      continue;
    }
    if (text.startsWith('\t')) {
      tabLines++;
      continue;
    }
    let width = 0;
    while (width < text.length && text.charCodeAt(width) === 32) {
      width++;
    }
    if (width > 0) {
      spaceLines++;
    }
    const step = Math.abs(width - previous);
    if (step === 2 || step === 4 || step === 8) {
      steps.set(step, (steps.get(step) ?? 0) + 1);
    }
    previous = width;
  }
  if (tabLines === 0 && spaceLines === 0) {
    return DEFAULT;
  }
  if (tabLines > spaceLines) {
    return { unit: '\t', tabSize: 4 };
  }
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best === 0 ? DEFAULT : { unit: ' '.repeat(best), tabSize: best };
}
