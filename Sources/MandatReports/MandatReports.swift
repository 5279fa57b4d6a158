// MandatReports
