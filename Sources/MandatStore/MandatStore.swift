// MandatStore
