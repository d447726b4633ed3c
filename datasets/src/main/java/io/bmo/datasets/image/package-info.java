/**
 * Image files: PNG/JPEG reading (RGB to gray with BT.601 weights) and PNG writing, side-by-side panels, and 8-bit
 * gray images as restoration protocols judge them ({@link io.bmo.datasets.image.Gray8}: exact rounding of the luma,
 * PSNR of 8-bit results).
 */
package io.bmo.datasets.image;
