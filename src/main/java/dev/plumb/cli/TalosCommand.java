package dev.plumb.cli;

import picocli.CommandLine.Command;

/** {@code plumb talos ...}: thin commands against any Talos node, for debugging a fleet. */
@Command(name = "talos", mixinStandardHelpOptions = true,
    description = "Thin Talos API calls against real or simulated nodes, for debugging.",
    subcommands = {TalosVersionCommand.class, TalosGetConfigCommand.class, TalosApplyCommand.class,
        TalosRebootCommand.class})
public final class TalosCommand {}
