CREATE TABLE email_templates (
    template_key  varchar(64)  NOT NULL,
    locale        varchar(10)  NOT NULL DEFAULT 'en',
    subject       text         NOT NULL,
    body_text     text         NOT NULL,
    updated_at    timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (template_key, locale)
);

CREATE TRIGGER email_templates_set_updated_at
    BEFORE UPDATE ON email_templates
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Placeholders use {{double braces}}. Bodies deliberately contain semicolons,
-- quotes, "--" and "/*" -- none of which end or start anything inside a literal.
INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('welcome', 'Welcome to Lumen, {{name}}!',
        'Hi {{name}}; thanks for signing up. It''s great to have you -- start by uploading a photo.');

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('email_verification', 'Confirm your e-mail address',
        'Click {{link}} to confirm {{email}}; the link expires in 24 hours.');

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('password_reset', 'Reset your password',
        'Someone (hopefully you) asked to reset your password. Use {{link}}; it''s valid for 1 hour. /* not a comment */');

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('invitation', '{{inviter}} invited you to {{organisation}}',
        '{{inviter}} invited you to join "{{organisation}}" on Lumen as {{role}}. Accept: {{link}}');

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('new_login', 'New sign-in to your account',
        'We noticed a sign-in from {{device}} near {{location}}; if this wasn''t you, reset your password now.');

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('invoice_paid', 'Receipt for invoice {{number}}',
        'Thanks! We received {{amount}}; invoice {{number}} is paid. Questions? Just reply.');

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('invoice_payment_failed', 'Payment failed for invoice {{number}}',
        'We couldn''t charge your card ending in {{last4}}; we''ll retry in 3 days. Update it at {{link}}.');

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('subscription_cancelled', 'Your subscription was cancelled',
        'Your {{plan}} plan ends on {{date}}; after that the account switches to Free.');

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('export_ready', 'Your album export is ready',
        $txt$Download "{{album}}" here: {{link}} (valid for 7 days; the file is {{size}}).$txt$);

INSERT INTO email_templates (template_key, subject, body_text)
VALUES ('account_deletion_scheduled', 'Your account will be deleted on {{date}}',
        'As requested, the account "{{account}}" and all its photos will be deleted on {{date}}; reply to cancel.');

INSERT INTO email_templates (template_key, locale, subject, body_text)
VALUES ('welcome', 'fr', 'Bienvenue sur Lumen, {{name}} !',
        'Bonjour {{name}} ; merci de votre inscription. C''est un plaisir de vous compter parmi nous.');
