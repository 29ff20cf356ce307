// Hardened JavaScript: SES's lockdown() freezes every built-in, before the
// page's other scripts run. The movable clock comes after it: it replaces
// the global Date, which lockdown would otherwise take as the intrinsic.
lockdown();
