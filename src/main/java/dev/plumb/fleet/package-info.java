/**
 * Identifiers and the exception root shared by every stage. This package has no behaviour and
 * depends on nothing else in plumb.
 */
package dev.plumb.fleet;
