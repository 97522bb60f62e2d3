package dev.plumb.source;

import dev.plumb.render.FileTree;
import java.time.Instant;

/** One commit of the fleet repository: its revision, the ref it came from, and its files. */
public record Snapshot(Revision revision, String ref, Instant commitTime, String treeId, FileTree tree) {}
