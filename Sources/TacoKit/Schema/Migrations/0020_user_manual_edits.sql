-- 0020: manual edits of employees are marked. HR sync owns users; IT may add or correct one by hand
-- (`taco-admin users …`). A user created by hand has source 'manual'; a hand edit of any user sets
-- manual_edit_at/by (the audit log holds the details). The next HR sync that changes the row clears the mark.
ALTER TABLE users ADD COLUMN manual_edit_at timestamptz, ADD COLUMN manual_edit_by text;
