/**
 * Validation of rendered machine configs as the target Talos release would do it on apply, so that a
 * config Talos would refuse never leaves render (and so neither validate, plan nor the daemon).
 *
 * <p>Two layers, in the order Talos applies them. First the decoder: each document is checked on its
 * own against the {@code $def} of its kind in that release's published JSON schema (carried as
 * classpath resources, read once per process), with the schema's known gaps closed ({@link
 * dev.plumb.render.validate.SchemaGaps}) and go-yaml's leniency kept (any scalar decodes into a string,
 * null into anything). Then the semantic checks a schema cannot express, each citing the Talos source
 * it mirrors: per-document Validate methods, v1alpha1.Config.Validate in metal mode, and the rules
 * across documents (duplicates, conflicting link documents, documents that conflict with v1alpha1
 * settings). Findings carry Talos's own messages; {@link dev.plumb.render.validate.TalconfigOrigin}
 * and {@link dev.plumb.render.validate.PatchOrigin} help the caller point at the line that set a value.
 */
package dev.plumb.render.validate;
