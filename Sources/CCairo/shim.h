// Cairo's image, PNG, SVG and PDF surfaces and its toy text API.
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
