/**
 * A progress bar on stderr, drawn only when stderr is a terminal (so pipes, files and CI logs
 * stay clean). At most ~20 redraws per second.
 */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

export function progressBar(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (now - last < 50 && done < total) return;
      last = now;
      const width = 28;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const fill = Math.round(frac * width);
      const text = `${title} [${'█'.repeat(fill)}${'·'.repeat(width - fill)}] ${done}/${total} ${label}`;
      stream.write(
        '\r' +
          text
            .slice(0, (stream.columns || 100) - 1)
            .padEnd(Math.min(stream.columns || 100, 100) - 1),
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r' + ' '.repeat(Math.min(stream.columns || 100, 100) - 1) + '\r');
    },
  };
}
