//===- hdf5_layouts.h - Keras layouts inside an open HDF5 file --*- C++ -*-===//
#ifndef XCC_WEIGHTS_HDF5_LAYOUTS_H
#define XCC_WEIGHTS_HDF5_LAYOUTS_H

#include "hdf5_util.h"

namespace xcc::weights::detail {

// Legacy Keras (h5 weights-only or full model). Fills weights, layerOrder,
// modelConfigJson and format.
void readLegacyLayout(const H5Context &c, WeightFile &wf);
// Keras 3 `.weights.h5` (also the inside of a .keras zip).
void readKeras3Layout(const H5Context &c, WeightFile &wf);

} // namespace xcc::weights::detail

#endif
