/**
 * A form's values, or null when a field is wrong: antd already shows why next
 * to the field, so the rejection of `validateFields()` is handled here instead
 * of surfacing as an unhandled promise rejection. Other errors still throw.
 */
export async function validValues<T>(form: { validateFields(): Promise<T> }): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (err) {
    if (err && typeof err === 'object' && 'errorFields' in err) return null;
    throw err;
  }
}
