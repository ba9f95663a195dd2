-- 0004: menus, items, option groups, options, ingredients (86-ing).

CREATE TABLE menus (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id   uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(btrim(name)) > 0),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, name),
    UNIQUE (id, vendor_id)
);
CREATE TRIGGER menus_touch BEFORE UPDATE ON menus
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE menu_items (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    menu_id         uuid NOT NULL,
    vendor_id       uuid NOT NULL,
    sku             text NOT NULL CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    name            text NOT NULL CHECK (length(btrim(name)) > 0),
    category        text NOT NULL DEFAULT 'tacos',
    description     text,
    price_cents     integer NOT NULL CHECK (price_cents >= 0),
    prep_minutes    smallint NOT NULL DEFAULT 5 CHECK (prep_minutes BETWEEN 0 AND 240),
    available       boolean NOT NULL DEFAULT true,
    sold_out_until  timestamptz,
    position        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, sku),
    UNIQUE (id, vendor_id),
    FOREIGN KEY (menu_id, vendor_id) REFERENCES menus (id, vendor_id) ON DELETE CASCADE
);
CREATE INDEX menu_items_menu_idx ON menu_items (menu_id, position);
CREATE TRIGGER menu_items_touch BEFORE UPDATE ON menu_items
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE option_groups (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    item_id      uuid NOT NULL,
    vendor_id    uuid NOT NULL,
    name         text NOT NULL CHECK (length(btrim(name)) > 0),
    min_choices  smallint NOT NULL DEFAULT 0 CHECK (min_choices >= 0),
    max_choices  smallint NOT NULL DEFAULT 1 CHECK (max_choices >= 0),   -- 0 = no limit
    required     boolean NOT NULL DEFAULT false,
    position     integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (item_id, name),
    UNIQUE (id, vendor_id),
    CHECK (max_choices = 0 OR max_choices >= min_choices),
    FOREIGN KEY (item_id, vendor_id) REFERENCES menu_items (id, vendor_id) ON DELETE CASCADE
);
CREATE TRIGGER option_groups_touch BEFORE UPDATE ON option_groups
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE options (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    group_id           uuid NOT NULL,
    vendor_id          uuid NOT NULL,
    name               text NOT NULL CHECK (length(btrim(name)) > 0),
    price_delta_cents  integer NOT NULL DEFAULT 0,       -- may be negative ("no cheese -25")
    available          boolean NOT NULL DEFAULT true,
    position           integer NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (group_id, name),
    UNIQUE (id, vendor_id),
    FOREIGN KEY (group_id, vendor_id) REFERENCES option_groups (id, vendor_id) ON DELETE CASCADE
);
CREATE TRIGGER options_touch BEFORE UPDATE ON options
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE ingredients (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id          uuid NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    name               text NOT NULL CHECK (length(btrim(name)) > 0),
    eighty_sixed       boolean NOT NULL DEFAULT false,
    unavailable_until  timestamptz,             -- 86'd until then (NULL with eighty_sixed = until un-86'd)
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, name),
    UNIQUE (id, vendor_id)
);
CREATE TRIGGER ingredients_touch BEFORE UPDATE ON ingredients
    FOR EACH ROW EXECUTE FUNCTION taco_touch_updated_at();

CREATE TABLE menu_item_ingredients (
    item_id        uuid NOT NULL,
    ingredient_id  uuid NOT NULL,
    vendor_id      uuid NOT NULL,
    PRIMARY KEY (item_id, ingredient_id),
    FOREIGN KEY (item_id, vendor_id) REFERENCES menu_items (id, vendor_id) ON DELETE CASCADE,
    FOREIGN KEY (ingredient_id, vendor_id) REFERENCES ingredients (id, vendor_id) ON DELETE CASCADE
);
CREATE INDEX menu_item_ingredients_ingredient_idx ON menu_item_ingredients (ingredient_id);

-- Effective availability of an item right now: available, not sold out, no ingredient 86'd.
-- security_invoker: callers see only what RLS lets them see.
CREATE VIEW menu_item_availability WITH (security_invoker = true) AS
SELECT mi.id AS item_id,
       mi.vendor_id,
       mi.menu_id,
       mi.sku,
       mi.available
         AND (mi.sold_out_until IS NULL OR mi.sold_out_until <= now())
         AND NOT EXISTS (
               SELECT FROM menu_item_ingredients mii
               JOIN ingredients i ON i.id = mii.ingredient_id
               WHERE mii.item_id = mi.id
                 AND (i.eighty_sixed OR i.unavailable_until > now())
                 AND (i.unavailable_until IS NULL OR i.unavailable_until > now())
             ) AS orderable
FROM menu_items mi;
