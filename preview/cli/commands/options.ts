import { Option } from "commander";
import { parseClock } from "../../../stacks/manifest/clock";
import { invalidArgument } from "../command";

/** `--now ISO-8601`: one parser for every command that takes a clock (the manifest's own, stacks/manifest/clock.ts). */
export function clockOption(description: string): Option {
  return new Option("--now <iso-8601>", description).argParser((text) => {
    const clock = parseClock(text);
    return clock.problem !== undefined || clock.now === undefined ? invalidArgument(clock.problem ?? "expected a date") : clock.now;
  });
}
