/**
 * Masks a phone number for display: the first three and the last four digits stay
 * (`13800138000` → `138****8000`); a number outside mainland China keeps its country code
 * (`+852 51**4567`). Too short to mask, it is hidden entirely rather than shown.
 */
export function maskPhone(phoneNumber: string, countryCode?: string | number): string {
  const digits = phoneNumber.replace(/^\+\d+\s*/, '').replace(/\D/g, '')
  const prefix = countryCode !== undefined && String(countryCode) !== '' && String(countryCode) !== '86' ? `+${String(countryCode)} ` : ''
  if (digits.length < 7) return prefix + '*'.repeat(Math.max(digits.length, 4))
  const head = digits.length >= 11 ? 3 : 2
  return prefix + digits.slice(0, head) + '*'.repeat(digits.length - head - 4) + digits.slice(-4)
}
