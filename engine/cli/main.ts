/**
 * `stm-explorer`: the engine from the command line. A thin layer: parse arguments, call
 * engine/, format the result. Exit codes: 0 ok, 1 bad input, 2 usage.
 */
import { analyzeCommand, ANALYZE_HELP } from './commands/analyze';
import { analyzeRangeCommand, ANALYZE_RANGE_HELP } from './commands/analyze-range';
import { benchPaperCommand, BENCH_PAPER_HELP } from './commands/bench-paper';
import { plotCommand, PLOT_HELP } from './commands/plot';
import { runContractCommand, RUN_CONTRACT_HELP } from './commands/run-contract';
import { runProgramCommand, RUN_PROGRAM_HELP } from './commands/run-program';
import { EXIT_INPUT, EXIT_OK, EXIT_USAGE, UsageError } from './errors';

const COMMANDS: Record<
  string,
  { run: (argv: string[]) => Promise<number>; help: string; summary: string }
> = {
  analyze: {
    run: analyzeCommand,
    help: ANALYZE_HELP,
    summary: 'dependency graph and Block-STM runs of a block',
  },
  'analyze-range': {
    run: analyzeRangeCommand,
    help: ANALYZE_RANGE_HELP,
    summary: 'analyse every block of a range over JSON-RPC (cached, resumable)',
  },
  'bench-paper': {
    run: benchPaperCommand,
    help: BENCH_PAPER_HELP,
    summary: "the Block-STM paper's p2p experiment grid",
  },
  'run-contract': {
    run: runContractCommand,
    help: RUN_CONTRACT_HELP,
    summary: 'run one entry point of a compiled contract on the Cairo VM',
  },
  'run-program': {
    run: runProgramCommand,
    help: RUN_PROGRAM_HELP,
    summary: 'run a compiled Cairo 0 program (cairo-run: trace, memory, output)',
  },
  plot: { run: plotCommand, help: PLOT_HELP, summary: 'SVG chart of speedup vs cores' },
};

export const MAIN_HELP = `Usage: stm-explorer <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`)
  .join('\n')}

Run 'stm-explorer <command> --help' for a command's options.
Exit codes: 0 ok, 1 bad input (the message names the problem), 2 usage.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) {
      console.error(MAIN_HELP);
      return EXIT_USAGE;
    }
    console.log(MAIN_HELP);
    return EXIT_OK;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`stm-explorer: unknown command '${name}'\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`stm-explorer ${name}: ${e.message}\n\n${cmd.help}`);
      return EXIT_USAGE;
    }
    console.error(`stm-explorer ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT_INPUT;
  }
}

const isEntry = process.argv[1] !== undefined && /(?:^|[\\/])main\.ts$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = EXIT_INPUT;
    },
  );
}
