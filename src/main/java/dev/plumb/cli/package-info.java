/** The command line: one picocli class per subcommand; no logic beyond wiring and printing. */
package dev.plumb.cli;
