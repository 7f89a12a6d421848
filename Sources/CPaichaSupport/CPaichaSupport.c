// The functions of this module are `static inline`, in include/CPaichaSupport.h; this file gives the target a
// translation unit.
#include "CPaichaSupport.h"
