/**
 * Rendering of the apps a cluster selects: plain multi-document YAML folders, or a folder with a
 * {@code kustomization.yaml} rendered for the subset GitOps repositories write (resources, patches,
 * namePrefix/nameSuffix, namespace, commonLabels/labels, commonAnnotations, images). Anything else
 * in a kustomization is refused by name and line. SOPS-encrypted files are decrypted here, inside
 * {@link dev.plumb.render.sops.Sensitive}. Pure: no I/O beyond the {@link dev.plumb.render.FileTree}.
 */
package dev.plumb.render.apps;
