"""Catalogue and business parameters of the fake company: plans and prices,
currencies and countries, health and churn, names, HubSpot values, and the
pages and events of the site and the app."""

from __future__ import annotations

# Monthly list price per unit, in the currency's minor unit (JPY: whole yen).
PLAN_PRICES = {
    'starter': {'USD': 2900, 'EUR': 2700, 'GBP': 2400, 'JPY': 4200},
    'growth': {'USD': 7900, 'EUR': 7400, 'GBP': 6400, 'JPY': 11800},
    'pro': {'USD': 19900, 'EUR': 18900, 'GBP': 15900, 'JPY': 29800},
    'team': {'USD': 1500, 'EUR': 1400, 'GBP': 1200, 'JPY': 2200},  # per seat
}
PLAN_NAMES = {'starter': 'Starter', 'growth': 'Growth', 'pro': 'Pro',
              'team': 'Team'}
TIERS = ['starter', 'growth', 'pro']
ADDONS = {
    'extra-contacts': ({'USD': 1000, 'EUR': 900, 'GBP': 800, 'JPY': 1500},
                       'Extra contacts (per 1,000)'),
    'priority-support': ({'USD': 4900, 'EUR': 4500, 'GBP': 3900, 'JPY': 7400},
                         'Priority support'),
}
CHARGES = {
    'onboarding': ({'USD': 50000, 'EUR': 45000, 'GBP': 40000, 'JPY': 75000},
                   'Onboarding package'),
    'data-migration': ({'USD': 30000, 'EUR': 27000, 'GBP': 24000,
                        'JPY': 45000}, 'Data migration, one-off'),
}
PERIOD_LABEL = {('month', 1): 'Monthly', ('month', 3): 'Quarterly',
                ('year', 1): 'Yearly', ('week', 1): 'Weekly'}
# Rough USD value of one unit of each currency, only used to size deal
# amounts in HubSpot (which is kept in USD); the project's rates are a seed.
ROUGH_USD = {'USD': 0.01, 'EUR': 0.0108, 'GBP': 0.0126, 'JPY': 0.0068,
             'SEK': 0.00095}

CURRENCY_MIX = [('USD', 75), ('EUR', 12), ('GBP', 8), ('JPY', 5)]
COUNTRIES = {
    'USD': [('United States', 86), ('Canada', 8), ('Mexico', 3), ('Brazil', 3)],
    'EUR': [('Germany', 35), ('France', 25), ('Netherlands', 15),
            ('Spain', 15), ('Ireland', 10)],
    'GBP': [('United Kingdom', 1)],
    'JPY': [('Japan', 1)],
}
TLD = {'United States': 'com', 'Canada': 'ca', 'Mexico': 'mx',
       'Brazil': 'com.br', 'Germany': 'de', 'France': 'fr',
       'Netherlands': 'nl', 'Spain': 'es', 'Ireland': 'ie',
       'United Kingdom': 'co.uk', 'Japan': 'jp'}
TAX_RATES = {'USD': [(0.0, 65), (0.0725, 20), (0.08875, 15)],
             'EUR': [(0.19, 40), (0.20, 35), (0.21, 25)],
             'GBP': [(0.20, 1)], 'JPY': [(0.10, 1)]}

HEALTH_MIX = [('happy', 45), ('neutral', 40), ('at_risk', 15)]
# churn probability per renewal, by health and billing period
CHURN_P = {
    ('month', 1): {'happy': 0.012, 'neutral': 0.03, 'at_risk': 0.09},
    ('month', 3): {'happy': 0.03, 'neutral': 0.08, 'at_risk': 0.22},
    ('year', 1): {'happy': 0.10, 'neutral': 0.25, 'at_risk': 0.55},
    ('week', 1): {'happy': 0.003, 'neutral': 0.008, 'at_risk': 0.025},
}
CANCEL_REASONS = [('too_expensive', 30), ('switched_to_competitor', 20),
                  ('no_longer_needed', 25), ('missing_features', 15),
                  ('business_closed', 5), ('', 5)]

FIRST_NAMES = ['Alice', 'Bruno', 'Chloe', 'Diego', 'Elena', 'Farid', 'Grace',
               'Hiro', 'Ines', 'Jonas', 'Kara', 'Liam', 'Mia', 'Nils',
               'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar',
               'Vera', 'Wen', 'Xavier', 'Yara', 'Zoe', 'Amir', 'Bea', 'Carl',
               'Dana', 'Emil', 'Fay', 'Gus', 'Hana', 'Ivan', 'Jade', 'Kenji',
               'Lena', 'Marco', 'Nora', 'Oscar', 'Priya', 'Rafael', 'Sofia',
               'Theo', 'Ula', 'Victor', 'Willa', 'Yusuf', 'Aiko', 'Ben',
               'Clara', 'Daniel', 'Eva', 'Felix', 'Greta', 'Hugo', 'Isla',
               'Jamal', 'Keiko']
LAST_NAMES = ['Adams', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer',
              'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Lopez',
              'Martin', 'Novak', 'Olsen', 'Petrov', 'Quintero', 'Rossi',
              'Schmidt', 'Tanaka', 'Urban', 'Vogel', 'Weber', 'Xu', 'Young',
              'Zimmer', 'Baker', 'Clarke', 'Dias', 'Evans', 'Ford', 'Gray',
              'Hughes', 'Iyer', 'Jones', 'Khan', 'Lambert', 'Moreau',
              'Nakamura', 'Okafor', 'Patel', 'Reyes', 'Sato', 'Thomas',
              'Valdez', 'Walsh', 'Yamada', 'Brennan', 'Cohen', 'Duarte']
COMPANY_A = ['Bright', 'Blue', 'Golden', 'Silver', 'North', 'Urban', 'Green',
             'Happy', 'Little', 'Bold', 'Swift', 'Quiet', 'Wild', 'Clever',
             'True', 'Open', 'Lucky', 'Sunny', 'Red', 'Iron', 'Maple', 'Cedar',
             'Coral', 'Amber', 'Nova', 'Polar', 'Crisp', 'Prime', 'Fresh',
             'Rapid']
COMPANY_B = ['Harbor', 'Fox', 'Pine', 'Bakery', 'Studio', 'Works', 'Garden',
             'Threads', 'Roasters', 'Labs', 'Fitness', 'Books', 'Crafts',
             'Outdoors', 'Media', 'Pets', 'Travel', 'Wellness', 'Kitchen',
             'Cycles', 'Optics', 'Ceramics', 'Audio', 'Supply', 'Academy',
             'Brewing', 'Boutique', 'Events', 'Dental', 'Homes']
COMPANY_SUFFIX = ['', '', '', ' Co', ' Inc', ' Group', ' & Co']
INDUSTRIES = [('COMPUTER_SOFTWARE', 'Computer Software'),
              ('RETAIL', 'Retail'),
              ('MARKETING_AND_ADVERTISING', 'Marketing and Advertising'),
              ('E_LEARNING', 'E-Learning'),
              ('HEALTH_WELLNESS_AND_FITNESS', 'Health, Wellness and Fitness'),
              ('NONPROFIT_ORGANIZATION_MANAGEMENT',
               'Non-Profit Organization Management'),
              ('APPAREL_FASHION', 'Apparel & Fashion'),
              ('FOOD_BEVERAGES', 'Food & Beverages'),
              ('HOSPITALITY', 'Hospitality'),
              ('FINANCIAL_SERVICES', 'Financial Services')]
PERSONAL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com',
                    'proton.me']

# HubSpot values: (label, internal value)
LIFECYCLE = {
    'subscriber': ('Subscriber', 'subscriber'),
    'lead': ('Lead', 'lead'),
    'mql': ('Marketing Qualified Lead', 'marketingqualifiedlead'),
    'sql': ('Sales Qualified Lead', 'salesqualifiedlead'),
    'opportunity': ('Opportunity', 'opportunity'),
    'customer': ('Customer', 'customer'),
    'evangelist': ('Evangelist', 'evangelist'),
    'other': ('Other', 'other'),
}
HS_STAGE_ORDER = ['subscriber', 'lead', 'mql', 'sql', 'opportunity',
                  'customer', 'evangelist']
HS_DATE_COLUMNS = {'subscriber': 'Became a Subscriber Date',
                   'lead': 'Became a Lead Date',
                   'mql': 'Became a Marketing Qualified Lead Date',
                   'sql': 'Became a Sales Qualified Lead Date',
                   'opportunity': 'Became an Opportunity Date',
                   'customer': 'Became a Customer Date',
                   'evangelist': 'Became an Evangelist Date'}
LEAD_STATUS = {
    'new': ('New', 'NEW'), 'open': ('Open', 'OPEN'),
    'in_progress': ('In Progress', 'IN_PROGRESS'),
    'open_deal': ('Open Deal', 'OPEN_DEAL'),
    'unqualified': ('Unqualified', 'UNQUALIFIED'),
    'attempted': ('Attempted to Contact', 'ATTEMPTED_TO_CONTACT'),
    'connected': ('Connected', 'CONNECTED'),
    'bad_timing': ('Bad Timing', 'BAD_TIMING'),
}
# web channel -> HubSpot Original Source (label, internal value)
ORIGINAL_SOURCE = {
    'organic_search': ('Organic search', 'ORGANIC_SEARCH'),
    'paid_search': ('Paid search', 'PAID_SEARCH'),
    'email': ('Email marketing', 'EMAIL_MARKETING'),
    'organic_social': ('Organic social', 'SOCIAL_MEDIA'),
    'referral': ('Referrals', 'REFERRALS'),
    'display': ('Other campaigns', 'OTHER_CAMPAIGNS'),
    'direct': ('Direct traffic', 'DIRECT_TRAFFIC'),
    'offline': ('Offline sources', 'OFFLINE'),
    'paid_social': ('Paid social', 'PAID_SOCIAL'),
}
DEAL_STAGES = {
    'demo_scheduled': ('Demo scheduled', 'Demo scheduled'),
    'demo_completed': ('Demo completed', 'Demo completed'),
    'proposal': ('Proposal sent', 'Proposal sent'),
    'won': ('Closed Won', 'closedwon'),
    'lost': ('Closed Lost', 'closedlost'),
}

# Web
SITE = 'www.nudgely.com'
APP = 'app.nudgely.com'
BLOG_SLUGS = ['welcome-email-examples', 'abandoned-cart-flows',
              'newsletter-open-rates', 'email-deliverability-checklist',
              'segmenting-your-list', 'black-friday-campaigns',
              'subject-line-ideas', 'gdpr-for-small-shops',
              'automation-for-bakeries', 'win-back-emails']
MARKETING_PAGES = ['/', '/pricing', '/features', '/features/automation',
                   '/features/templates', '/integrations', '/about',
                   '/customers']
APP_PAGES = ['/app/dashboard', '/app/flows', '/app/emails', '/app/contacts',
             '/app/reports', '/app/settings', '/app/templates']
TITLES = {
    '/': 'Nudgely - Email automation for small teams',
    '/pricing': 'Pricing | Nudgely',
    '/features': 'Features | Nudgely',
    '/features/automation': 'Automation flows | Nudgely',
    '/features/templates': 'Email templates | Nudgely',
    '/integrations': 'Integrations | Nudgely',
    '/about': 'About us | Nudgely',
    '/customers': 'Customer stories | Nudgely',
    '/signup': 'Start your free trial | Nudgely',
    '/demo': 'Book a demo | Nudgely',
    '/resources/email-playbook': 'The small-business email playbook | Nudgely',
}
EVENT_TEXT = {
    'form_cta_submitted': 'Form CTA Submitted',
    'signed_up': 'Signed Up',
    'created_flow': 'Created Flow',
    'created_email': 'Created Email',
    'imported_contacts': 'Imported Contacts',
    'logged_in': 'Logged In',
    'meeting_booked': 'Meeting Booked',
    'sent_campaign': 'Sent Campaign',
    'invited_teammate': 'Invited Teammate',
}
KEY_ACTIONS = ['created_flow', 'created_email', 'imported_contacts']
KEY_ACTION_PAGE = {'created_flow': '/app/flows/new',
                   'created_email': '/app/emails/new',
                   'imported_contacts': '/app/contacts/import'}
CHANNEL_MIX = [('organic_search', 30), ('paid_search', 14),
               ('organic_social', 8), ('paid_social', 9), ('email', 7),
               ('referral', 8), ('direct', 20), ('display', 4)]
PARTNER_REFERRERS = ['https://www.smallbizstack.net/best-email-tools',
                     'https://shopcraft-partners.org/apps/nudgely',
                     'https://www.capterra.com/p/210493/Nudgely/']
DUPLICATE_RATE = 0.03   # Segment's at-least-once delivery

NPS_COMMENTS = {
    'promoter': ['Love the automation builder, saves us hours every week',
                 'Great product, easy to use, and support is fast',
                 'The templates are beautiful',
                 'Best email tool we have tried, by far',
                 ''],
    'passive': ['Good, but reporting could be better',
                'Does the job. Pricing is a bit high for us',
                'Nice, though the editor is slow at times',
                ''],
    'detractor': ['Too many bugs lately, and support took days to answer',
                  'Missing a Shopify integration, which we need',
                  'Too expensive for what we use',
                  'Deliverability dropped, we are looking at alternatives',
                  ''],
}
