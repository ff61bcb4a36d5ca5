// The phase names xcc itself gives meaning to. A model declares its own phases (xnn.phase); these are the one
// every model has and the ones xcc's templates and importer declare.
#ifndef XNN_PHASES_H
#define XNN_PHASES_H

namespace xnn {

/// The built-in phase that trains nothing; a model may not declare a phase of that name.
inline constexpr const char *kInferencePhase = "inference";
/// The guide's two phases, as `xcc new` templates declare them: train the new head, then fine-tune everything.
inline constexpr const char *kHeadPhase = "head";
inline constexpr const char *kFineTunePhase = "fine-tune";
/// The phase every tool uses when none is given: the guide's first compile().
inline constexpr const char *kDefaultPhase = kHeadPhase;
/// The phase `xcc import` makes of a saved compile() (tfjs, .keras, full-model .h5).
inline constexpr const char *kImportedPhase = "train";

} // namespace xnn

#endif // XNN_PHASES_H
