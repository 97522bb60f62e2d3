package dev.plumb.render.yaml;

import dev.plumb.render.RenderException;
import dev.plumb.render.RenderProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.events.CommentEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads YAML into {@link YNode}s with positions, safely: a size limit, a bound on aliases and on
 * the nodes they expand to (alias bombs), a nesting limit checked without recursion, duplicate
 * keys refused, and YAML 1.1 merge keys ({@code <<}) resolved as Go's yaml does. Every failure is
 * a {@link RenderProblem}.
 */
public final class YamlReader {
  public static final int MAX_DEPTH = 64;
  public static final int MAX_NODES = 200_000;
  public static final int MAX_ALIASES = 100;
  public static final int MAX_BYTES = 1 << 20;

  private YamlReader() {}

  /** All documents of the text; {@code file} names it in problems. */
  public static List<YNode> readAll(String file, String text) {
    checkSize(file, text);
    YamlComposer composer = new YamlComposer(file);
    try {
      for (Event e : new Parse(settings(false)).parseString(text)) {
        composer.accept(e);
      }
    } catch (YamlEngineException e) {
      throw yamlProblem(file, e);
    }
    return composer.documents();
  }

  /**
   * The bytes of a file as UTF-8 text; bytes that are not UTF-8 are a problem naming the line and
   * column, as go-yaml refuses them ("invalid leading UTF-8 octet"), whatever the locale.
   */
  public static String decode(String file, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
      ByteBuffer in = ByteBuffer.wrap(bytes);
      java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
      decoder.decode(in, out, true);
      int bad = in.position();
      String before = new String(bytes, 0, bad, StandardCharsets.UTF_8);
      int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
      int column = before.length() - before.lastIndexOf('\n');
      throw new RenderException(new RenderProblem(file, line, column, "", String.format(
          "not UTF-8 text (byte 0x%02X); save the file as UTF-8", bytes[bad] & 0xFF)));
    }
  }

  /** The first document, or empty when the text has none. */
  public static Optional<YNode> read(String file, String text) {
    List<YNode> all = readAll(file, text);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * The text with every comment removed, together with the blanks before it on its line, so that
   * line numbers and the columns of everything else stay true. talhelper substitutes variables in
   * a comment-free encoding of the file, so a {@code $} in a comment is never an error; removing
   * (not blanking) the comment keeps a block scalar's trailing lines empty, so YAML's chomping
   * still drops them. Text that is not YAML is reported as the YAML error it is.
   */
  public static String stripComments(String file, String text) {
    checkSize(file, text);
    List<int[]> cuts = new ArrayList<>();
    try {
      for (Event e : new Parse(settings(true)).parseString(text)) {
        if (e instanceof CommentEvent ce && ce.getCommentType() != CommentType.BLANK_LINE
            && ce.getStartMark().isPresent() && ce.getEndMark().isPresent()) {
          cuts.add(new int[] {ce.getStartMark().get().getIndex(), ce.getEndMark().get().getIndex()});
        }
      }
    } catch (YamlEngineException e) {
      throw yamlProblem(file, e);
    }
    return cut(text, cuts);
  }

  /** Whether the text parses as YAML (comments and all). */
  public static boolean isYaml(String text) {
    if (text.length() > MAX_BYTES) {
      return false;
    }
    try {
      for (Event e : new Parse(settings(true)).parseString(text)) {
        e.getEventId();
      }
      return true;
    } catch (YamlEngineException e) {
      return false;
    }
  }

  private static String cut(String text, List<int[]> cuts) {
    if (cuts.isEmpty()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    int from = 0;
    for (int[] c : cuts) {
      int start = c[0];
      if (start < from) {
        continue;
      }
      int keep = start;
      while (keep > from && (text.charAt(keep - 1) == ' ' || text.charAt(keep - 1) == '\t')) {
        keep--;
      }
      sb.append(text, from, keep);
      int end = Math.max(start, Math.min(c[1], text.length()));
      while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      from = end;
    }
    return sb.append(text, from, text.length()).toString();
  }

  private static void checkSize(String file, String text) {
    if (text.length() > MAX_BYTES) {
      throw new RenderException(new RenderProblem(file, 0, 0, "", "file is larger than " + MAX_BYTES + " bytes"));
    }
  }

  private static RenderException yamlProblem(String file, YamlEngineException e) {
    if (e instanceof MarkedYamlEngineException me) {
      var m = me.getProblemMark();
      return new RenderException(new RenderProblem(file, m.map(x -> x.getLine() + 1).orElse(0),
          m.map(x -> x.getColumn() + 1).orElse(0), "", "invalid YAML: " + me.getProblem()));
    }
    String msg = String.valueOf(e.getMessage());
    return new RenderException(new RenderProblem(file, 0, 0, "", "invalid YAML: "
        + (msg.length() > 200 ? msg.substring(0, 200) + "..." : msg)));
  }

  private static LoadSettings settings(boolean comments) {
    return LoadSettings.builder()
        .setParseComments(comments)
        .setCodePointLimit(MAX_BYTES + 1)
        .build();
  }
}
