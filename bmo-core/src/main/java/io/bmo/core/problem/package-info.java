/** A block of examples as the math sees it: observations and targets, column-major, one example per column. */
package io.bmo.core.problem;
