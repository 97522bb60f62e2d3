/**
 * The Talos machine-config schema as data, and the encoder that writes configs as talhelper does.
 *
 * <p>How talhelper writes a node file (budimanjojo/talhelper pkg/generate/config.go, pkg/talos/encode.go,
 * pkg/talos/multidocs.go, pkg/patcher): Talos's generator and configpatcher produce the config, whose
 * {@code Bytes()} encode every document with Talos's encoder with comments disabled, which is plain
 * {@code yaml.Marshal} of the Go structs (siderolabs/talos pkg/machinery/config/encoder/encoder.go;
 * go.yaml.in/yaml/v4 in the machinery talhelper links): struct field order, {@code omitempty}
 * honoured, maps sorted by go-yaml's natural key order, FileMode as {@code 0o644}, YAML 1.1 booleans
 * such as {@code off} single-quoted, text that reads as another type double-quoted. Documents are
 * joined by {@code ---} (pkg/machinery/config/container/container.go). talhelper then re-encodes every
 * document with gopkg.in/yaml.v3 at indent 2, which keeps keys and scalar styles and changes the
 * layout: two-space indent, sequences indented under their key, no line folding.
 *
 * <p>Talos's own files (talosctl gen config) are written at indent 4 with comments; talhelper's are at
 * indent 2 without comments. The schema files do not say which fields have {@code omitempty} or how a
 * FileMode marshals; {@link dev.plumb.render.schema.GoStructs} holds those facts from
 * v1alpha1_types.go.
 */
package dev.plumb.render.schema;
