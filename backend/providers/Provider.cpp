#include "backend/providers/Provider.h"

namespace backend {

Provider::~Provider() = default;

} // namespace backend
