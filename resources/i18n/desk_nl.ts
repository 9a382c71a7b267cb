<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AccountActions</name>
    <message>
        <source>Terminate…</source>
        <translation>Opzeggen…</translation>
    </message>
    <message>
        <source>End the relationship: today or on a later day</source>
        <translation>De klantrelatie beëindigen: vandaag of op een latere dag</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>Heractiveren…</translation>
    </message>
    <message>
        <source>Withdraw termination…</source>
        <translation>Opzegging intrekken…</translation>
    </message>
    <message>
        <source>The termination scheduled for {day} is withdrawn; the account stays active.</source>
        <translation>De opzegging gepland op {day} is ingetrokken; het account blijft actief.</translation>
    </message>
    <message>
        <source>The account becomes active again. Services that ended stay ended (their numbers may be gone): add them again if the customer wants them. Possible within {days} days of the termination.</source>
        <translation>Het account wordt weer actief. Beëindigde diensten blijven beëindigd (hun nummers zijn misschien weg): voeg ze opnieuw toe als de klant ze wil. Mogelijk binnen {days} dagen na de opzegging.</translation>
    </message>
    <message>
        <source>Reactivate the account</source>
        <translation>Het account heractiveren</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Heractiveren</translation>
    </message>
</context>
<context>
    <name>AddStaffDialog</name>
    <message>
        <source>Add a staff member</source>
        <translation>Een personeelslid toevoegen</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Volledige naam</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Initial password</source>
        <translation>Eerste wachtwoord</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Wachtwoord herhalen</translation>
    </message>
    <message>
        <source>The new member changes the password after the first sign-in. Adding a member asks for your code; then you get their QR code to hand over.</source>
        <translation>Het nieuwe personeelslid wijzigt het wachtwoord na de eerste aanmelding. Toevoegen vraagt om uw code; daarna krijgt u de QR-code om te overhandigen.</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>Personeelslid toevoegen</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>De twee wachtwoorden verschillen; typ twee keer hetzelfde wachtwoord.</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personeel</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Object</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Velden</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultaat</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>customer {account}</source>
        <translation>klant {account}</translation>
    </message>
    <message>
        <source>staff {name}</source>
        <translation>personeelslid {name}</translation>
    </message>
</context>
<context>
    <name>AuditViewWidget</name>
    <message>
        <source>Audit trail</source>
        <translation>Auditlogboek</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Keten controleren</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>gebruikersnaam</translation>
    </message>
    <message>
        <source>e.g. customer.</source>
        <translation>bv. customer.</translation>
    </message>
    <message>
        <source>account number or user name</source>
        <translation>klantnummer of gebruikersnaam</translation>
    </message>
    <message>
        <source>What happened to one customer or staff member: their account number, user name or id</source>
        <translation>Wat er met één klant of personeelslid gebeurde: het klantnummer, de gebruikersnaam of de id</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Tot</translation>
    </message>
    <message>
        <source>Apply filters</source>
        <translation>Filters toepassen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personeel</translation>
    </message>
    <message>
        <source>Action starts with</source>
        <translation>Actie begint met</translation>
    </message>
    <message>
        <source>Customer account or staff</source>
        <translation>Klantnummer of personeelslid</translation>
    </message>
    <message>
        <source>Load older events</source>
        <translation>Oudere gebeurtenissen laden</translation>
    </message>
    <message>
        <source>The audit trail is for supervisors and admins.</source>
        <translation>Het auditlogboek is voor supervisors en beheerders.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Laden…</translation>
    </message>
    <message>
        <source>No events match these filters.</source>
        <translation>Geen gebeurtenissen voor deze filters.</translation>
    </message>
    <message>
        <source>The audit trail is empty.</source>
        <translation>Het auditlogboek is leeg.</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) shown</source>
        <translation>
            <numerusform>%n gebeurtenis getoond</numerusform>
            <numerusform>%n gebeurtenissen getoond</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n newest event(s) shown</source>
        <translation>
            <numerusform>%n nieuwste gebeurtenis getoond</numerusform>
            <numerusform>%n nieuwste gebeurtenissen getoond</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>De auditketen wordt gecontroleerd…</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact: %n entry(s)</source>
        <translation>
            <numerusform>Keten intact: %n item</numerusform>
            <numerusform>Keten intact: %n items</numerusform>
        </translation>
    </message>
    <message>
        <source>Chain BROKEN at entry {seq}: {problem}</source>
        <translation>Keten GEBROKEN bij item {seq}: {problem}</translation>
    </message>
    <message>
        <source>The chain could not be verified: {reason}</source>
        <translation>De keten kon niet gecontroleerd worden: {reason}</translation>
    </message>
</context>
<context>
    <name>BillingTab</name>
    <message>
        <source>Payment</source>
        <translation>Betaling</translation>
    </message>
    <message>
        <source>{brand}  •••• {last4}   expires {expiry}</source>
        <translation>{brand}  •••• {last4}   vervalt {expiry}</translation>
    </message>
    <message>
        <source>Card on file</source>
        <translation>Kaart</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Vervang…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Verwijder…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Geen</translation>
    </message>
    <message>
        <source>Record a card…</source>
        <translation>Nieuwe kaart…</translation>
    </message>
    <message>
        <source>Nothing open</source>
        <translation>Niets openstaand</translation>
    </message>
    <message>
        <source>Open balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Facturen</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Facturatie</translation>
    </message>
    <message>
        <source>Remove a card</source>
        <translation>Een kaart verwijderen</translation>
    </message>
    <message>
        <source>Remove {brand} ending {last4} from file?</source>
        <translation>{brand} eindigend op {last4} verwijderen?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>Record a card</source>
        <translation>Een kaart registreren</translation>
    </message>
    <message>
        <source>Replace a card</source>
        <translation>Een kaart vervangen</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registreren</translation>
    </message>
    <message>
        <source>tok_… as the payment processor returned it</source>
        <translation>tok_… zoals de betaalprovider het teruggaf</translation>
    </message>
    <message>
        <source>4242</source>
        <translation>4242</translation>
    </message>
    <message>
        <source>MM/YY</source>
        <translation>MM/JJ</translation>
    </message>
    <message>
        <source>Processor token</source>
        <translation>Token van de betaalprovider</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>Merk</translation>
    </message>
    <message>
        <source>Last four digits</source>
        <translation>Laatste vier cijfers</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Vervaldatum</translation>
    </message>
    <message>
        <source>Never type the card number or the security code: the payment processor keeps the card and gives us a token.</source>
        <translation>Typ nooit het kaartnummer of de beveiligingscode: de betaalprovider bewaart de kaart en geeft ons een token.</translation>
    </message>
</context>
<context>
    <name>ChangesModel</name>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Voor</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Na</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
</context>
<context>
    <name>ConfirmErasureDialog</name>
    <message>
        <source>Carry out the erasure</source>
        <translation>De wissing uitvoeren</translation>
    </message>
    <message>
        <source>Erase the customer</source>
        <translation>De klant wissen</translation>
    </message>
    <message>
        <source>Request {ref}: erase {customer}. Their personal data is removed from every table and copy; this cannot be undone.</source>
        <translation>Verzoek {ref}: {customer} wissen. De persoonsgegevens worden uit elke tabel en elke kopie verwijderd; dit kan niet ongedaan gemaakt worden.</translation>
    </message>
</context>
<context>
    <name>ConflictDetail</name>
    <message>
        <source>Choose a conflict in the list to settle it.</source>
        <translation>Kies een conflict in de lijst om het te regelen.</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Klant openen</translation>
    </message>
    <message>
        <source>Show this customer&apos;s record</source>
        <translation>De fiche van deze klant tonen</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>Gewijzigd op</translation>
    </message>
    <message>
        <source>Central value</source>
        <translation>Centrale waarde</translation>
    </message>
    <message>
        <source>Branch value</source>
        <translation>Waarde van het filiaal</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Toestand</translation>
    </message>
    <message>
        <source>Keep central</source>
        <translation>Centraal behouden</translation>
    </message>
    <message>
        <source>The record keeps the value it has at the central database</source>
        <translation>De fiche behoudt de waarde uit de centrale databank</translation>
    </message>
    <message>
        <source>Keep branch</source>
        <translation>Filiaal behouden</translation>
    </message>
    <message>
        <source>Set value…</source>
        <translation>Waarde invullen…</translation>
    </message>
    <message>
        <source>Type the right value yourself</source>
        <translation>Typ zelf de juiste waarde</translation>
    </message>
    <message>
        <source>{what} of {customer}</source>
        <translation>{what} van {customer}</translation>
    </message>
    <message>
        <source>{where}, by {who} (noticed {when})</source>
        <translation>{where}, door {who} (vastgesteld {when})</translation>
    </message>
    <message>
        <source>{where} (noticed {when})</source>
        <translation>{where} (vastgesteld {when})</translation>
    </message>
    <message>
        <source>Open: the record holds the central value until a supervisor decides.</source>
        <translation>Open: de fiche behoudt de centrale waarde tot een supervisor beslist.</translation>
    </message>
    <message>
        <source>Settled {when} by {who}: {resolution}.</source>
        <translation>Geregeld {when} door {who}: {resolution}.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>The central database refused this change: enter it again by hand if it is still wanted, then keep the central value</source>
        <translation>De centrale databank weigerde deze wijziging: voer ze opnieuw met de hand in als ze nog gewenst is, en behoud dan de centrale waarde</translation>
    </message>
    <message>
        <source>The branch&apos;s value replaces it, at the centre and at every branch</source>
        <translation>De waarde van het filiaal vervangt ze, centraal en in elk filiaal</translation>
    </message>
    <message>
        <source>A typed value is possible only for a text field of a record</source>
        <translation>Een getypte waarde kan alleen voor een tekstveld van een fiche</translation>
    </message>
    <message>
        <source>Settled: {resolution} for the {what} of {customer}.</source>
        <translation>Geregeld: {resolution} voor {what} van {customer}.</translation>
    </message>
    <message>
        <source>Not settled: it needs your second factor.</source>
        <translation>Niet geregeld: uw tweede factor is nodig.</translation>
    </message>
    <message>
        <source>Not settled: {reason}</source>
        <translation>Niet geregeld: {reason}</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Filiaal</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klant</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Central value</source>
        <translation>Centrale waarde</translation>
    </message>
    <message>
        <source>Branch value</source>
        <translation>Waarde van het filiaal</translation>
    </message>
    <message>
        <source>Changed at the branch by</source>
        <translation>Gewijzigd in het filiaal door</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>Geregeld</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Synchronisation conflicts</source>
        <translation>Synchronisatieconflicten</translation>
    </message>
    <message>
        <source>The central database and a branch changed the same thing differently. The record keeps the central value until you decide; your decision reaches every branch.</source>
        <translation>De centrale databank en een filiaal wijzigden hetzelfde gegeven anders. De fiche behoudt de centrale waarde tot u beslist; uw beslissing bereikt elk filiaal.</translation>
    </message>
    <message>
        <source>Show &amp;settled conflicts too</source>
        <translation>Ook &amp;geregelde conflicten tonen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Load the conflicts again</source>
        <translation>De conflicten opnieuw laden</translation>
    </message>
    <message numerus="yes">
        <source>%n open conflict(s)</source>
        <translation>
            <numerusform>%n open conflict</numerusform>
            <numerusform>%n open conflicten</numerusform>
        </translation>
    </message>
    <message>
        <source>No conflicts are waiting: the central database and the branches agree.</source>
        <translation>Er wachten geen conflicten: de centrale databank en de filialen zijn het eens.</translation>
    </message>
    <message>
        <source>There have been no synchronisation conflicts.</source>
        <translation>Er zijn nog geen synchronisatieconflicten geweest.</translation>
    </message>
</context>
<context>
    <name>ConsentChangeDialog</name>
    <message>
        <source>Record a consent decision</source>
        <translation>Een toestemmingsbeslissing registreren</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registreren</translation>
    </message>
    <message>
        <source>The customer &lt;b&gt;grants&lt;/b&gt; consent to: {purpose}.</source>
        <translation>De klant &lt;b&gt;geeft&lt;/b&gt; toestemming voor: {purpose}.</translation>
    </message>
    <message>
        <source>The customer &lt;b&gt;withdraws&lt;/b&gt; consent to: {purpose}.</source>
        <translation>De klant &lt;b&gt;trekt&lt;/b&gt; de toestemming &lt;b&gt;in&lt;/b&gt; voor: {purpose}.</translation>
    </message>
    <message>
        <source>optional: call reference, letter date, …</source>
        <translation>optioneel: gespreksreferentie, datum van de brief, …</translation>
    </message>
    <message>
        <source>How the customer said it</source>
        <translation>Hoe de klant het liet weten</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Bewijs</translation>
    </message>
</context>
<context>
    <name>ConsentHistoryModel</name>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Doel</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Beslissing</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Bewijs</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Geregistreerd door</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>Gegeven</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Ingetrokken</translation>
    </message>
    <message>
        <source>system</source>
        <translation>systeem</translation>
    </message>
</context>
<context>
    <name>ConsentsTab</name>
    <message>
        <source>The newsletter by email</source>
        <translation>De nieuwsbrief per e-mail</translation>
    </message>
    <message>
        <source>News about features, coverage and other products</source>
        <translation>Nieuws over functies, dekking en andere producten</translation>
    </message>
    <message>
        <source>Passing personal data to a third party</source>
        <translation>Persoonsgegevens doorgeven aan een derde</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Geschiedenis</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Toestemmingen</translation>
    </message>
    <message>
        <source>Off: the customer was never asked</source>
        <translation>Uit: de klant werd het nooit gevraagd</translation>
    </message>
    <message>
        <source>On: granted {when} via {source}</source>
        <translation>Aan: gegeven {when} via {source}</translation>
    </message>
    <message>
        <source>Off: withdrawn {when} via {source}</source>
        <translation>Uit: ingetrokken {when} via {source}</translation>
    </message>
</context>
<context>
    <name>ContactTab</name>
    <message>
        <source>Identity &amp;&amp; contact</source>
        <translation>Identiteit &amp;&amp; contact</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identiteit</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Bedrijf</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Private customer</source>
        <translation>Particuliere klant</translation>
    </message>
    <message>
        <source>Business customer</source>
        <translation>Zakelijke klant</translation>
    </message>
    <message>
        <source>Customer since</source>
        <translation>Klant sinds</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Email (primary)</source>
        <translation>E-mail (hoofdadres)</translation>
    </message>
    <message>
        <source>Other emails</source>
        <translation>Andere e-mailadressen</translation>
    </message>
    <message>
        <source>Add an email</source>
        <translation>Een e-mailadres toevoegen</translation>
    </message>
    <message>
        <source>Remove an email</source>
        <translation>Een e-mailadres verwijderen</translation>
    </message>
    <message>
        <source>(keep all)</source>
        <translation>(alles behouden)</translation>
    </message>
    <message>
        <source>Phone (primary)</source>
        <translation>Telefoon (hoofdnummer)</translation>
    </message>
    <message>
        <source>Other phones</source>
        <translation>Andere nummers</translation>
    </message>
    <message>
        <source>Add a phone</source>
        <translation>Een nummer toevoegen</translation>
    </message>
    <message>
        <source>Remove a phone</source>
        <translation>Een nummer verwijderen</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>Voorkeurskanaal</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n dag</numerusform>
            <numerusform>%n dagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>overdue by %n day(s)</source>
        <translation>
            <numerusform>%n dag te laat</numerusform>
            <numerusform>%n dagen te laat</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n wijziging wacht</numerusform>
            <numerusform>%n wijzigingen wachten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sync conflict(s)</source>
        <translation>
            <numerusform>%n synchronisatieconflict</numerusform>
            <numerusform>%n synchronisatieconflicten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerListWidget</name>
    <message>
        <source>Search customers: name, email, phone or account number (Ctrl+F)</source>
        <translation>Klanten zoeken: naam, e-mail, telefoon of klantnummer (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search customers: name, company or account number (Ctrl+F)</source>
        <translation>Klanten zoeken: naam, bedrijf of klantnummer (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Klanten zoeken</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Type a name, email, phone or account number</source>
        <translation>Typ een naam, e-mail, telefoonnummer of klantnummer</translation>
    </message>
    <message>
        <source>Type a name, company or account number</source>
        <translation>Typ een naam, bedrijf of klantnummer</translation>
    </message>
    <message>
        <source>No customer matches “{0}”.</source>
        <translation>Geen klant gevonden voor „{0}”.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Zoeken…</translation>
    </message>
    <message>
        <source>Showing the first {0} customers — scroll for more.</source>
        <translation>De eerste {0} klanten worden getoond — scroll voor meer.</translation>
    </message>
    <message>
        <source>Showing the first {0} customers — refine the search to find others.</source>
        <translation>De eerste {0} klanten worden getoond — verfijn de zoekopdracht om anderen te vinden.</translation>
    </message>
    <message>
        <source>Customers found: {0}</source>
        <translation>Gevonden klanten: {0}</translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <source>← Back</source>
        <translation>← Terug</translation>
    </message>
    <message>
        <source>Back to the list (Esc)</source>
        <translation>Terug naar de lijst (Esc)</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bewerken</translation>
    </message>
    <message>
        <source>Correct this record ({key})</source>
        <translation>Deze fiche corrigeren ({key})</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Stop editing and drop the changes (Esc)</source>
        <translation>Stoppen met bewerken en de wijzigingen laten vallen (Esc)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
    <message>
        <source>Save the changes ({key}); asks for your code when needed</source>
        <translation>De wijzigingen opslaan ({key}); vraagt om uw code wanneer nodig</translation>
    </message>
    <message>
        <source>Use current values</source>
        <translation>Huidige waarden gebruiken</translation>
    </message>
    <message>
        <source>Keep my changes</source>
        <translation>Mijn wijzigingen behouden</translation>
    </message>
    <message>
        <source>Keep what you typed and save it over the other change</source>
        <translation>Behouden wat u typte en het over de andere wijziging heen opslaan</translation>
    </message>
    <message>
        <source>Opening the customer…</source>
        <translation>De klant wordt geopend…</translation>
    </message>
    <message>
        <source>The customer could not be opened.
{reason}</source>
        <translation>De klant kon niet geopend worden.
{reason}</translation>
    </message>
    <message>
        <source>Erased customer</source>
        <translation>Gewiste klant</translation>
    </message>
    <message>
        <source>Business customer</source>
        <translation>Zakelijke klant</translation>
    </message>
    <message>
        <source>Private customer</source>
        <translation>Particuliere klant</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actief</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>Opgezegd</translation>
    </message>
    <message>
        <source>Erased</source>
        <translation>Gewist</translation>
    </message>
    <message>
        <source>This customer&apos;s personal data was erased. Only the account number and the dates remain: customer since {created}, relationship ended {ended}.</source>
        <translation>De persoonsgegevens van deze klant werden gewist. Alleen het klantnummer en de datums blijven: klant sinds {created}, relatie beëindigd op {ended}.</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(onbekend)</translation>
    </message>
    <message>
        <source>This account was terminated on {ended}. Its services have ended; the record and its consents are kept, and nothing is disclosed to third parties without the customer&apos;s consent.</source>
        <translation>Dit account werd opgezegd op {ended}. De diensten zijn beëindigd; de fiche en de toestemmingen blijven bewaard, en zonder toestemming van de klant wordt niets aan derden verstrekt.</translation>
    </message>
    <message>
        <source>This account is to be terminated on {day}: its services run until then and end that day.</source>
        <translation>Dit account wordt opgezegd op {day}: de diensten lopen tot dan en stoppen die dag.</translation>
    </message>
    <message>
        <source>Nothing else is kept about this customer.</source>
        <translation>Verder wordt niets over deze klant bewaard.</translation>
    </message>
    <message>
        <source>Privacy requests</source>
        <translation>Privacyverzoeken</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Opslaan…</translation>
    </message>
    <message>
        <source>Not saved: {reason} Your changes are still here.</source>
        <translation>Niet opgeslagen: {reason} Uw wijzigingen staan er nog.</translation>
    </message>
    <message>
        <source>This change affects running services</source>
        <translation>Deze wijziging raakt lopende diensten</translation>
    </message>
    <message>
        <source>Saving this change affects {services}:</source>
        <translation>Deze wijziging opslaan raakt {services}:</translation>
    </message>
    <message numerus="yes">
        <source>%n running service(s)</source>
        <translation>
            <numerusform>%n lopende dienst</numerusform>
            <numerusform>%n lopende diensten</numerusform>
        </translation>
    </message>
    <message>
        <source>Tell the customer before you save.</source>
        <translation>Verwittig de klant voor u opslaat.</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Toch opslaan</translation>
    </message>
    <message>
        <source>keeps running without it until the record is completed</source>
        <translation>loopt zonder dit gegeven verder tot de fiche aangevuld is</translation>
    </message>
    <message>
        <source>goes on with the new value</source>
        <translation>loopt verder met de nieuwe waarde</translation>
    </message>
    <message>
        <source>Not saved. Your changes are still here; press Save to try again.</source>
        <translation>Niet opgeslagen. Uw wijzigingen staan er nog; druk op Opslaan om het opnieuw te proberen.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Opgeslagen.</translation>
    </message>
    <message>
        <source>Not saved: the change needs your second factor. Your changes are still here; press Save to try again.</source>
        <translation>Niet opgeslagen: de wijziging vraagt uw tweede factor. Uw wijzigingen staan er nog; druk op Opslaan om het opnieuw te proberen.</translation>
    </message>
    <message>
        <source>Not saved: please correct the marked fields.</source>
        <translation>Niet opgeslagen: verbeter de gemarkeerde velden.</translation>
    </message>
    <message>
        <source>Not saved: please correct the marked field.</source>
        <translation>Niet opgeslagen: verbeter het gemarkeerde veld.</translation>
    </message>
    <message>
        <source>{field} is now “{value}”</source>
        <translation>{field} is nu „{value}”</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leeg)</translation>
    </message>
    <message>
        <source>the status is now {status}</source>
        <translation>de status is nu {status}</translation>
    </message>
    <message>
        <source>other parts of the record changed</source>
        <translation>andere delen van de fiche zijn gewijzigd</translation>
    </message>
    <message>
        <source>Changed by someone else meanwhile: {details}. Nothing was saved; your changes are still here. Use the current values, or keep your changes and save again.</source>
        <translation>Intussen door iemand anders gewijzigd: {details}. Er werd niets opgeslagen; uw wijzigingen staan er nog. Gebruik de huidige waarden, of behoud uw wijzigingen en sla opnieuw op.</translation>
    </message>
    <message>
        <source>Your changes are kept. Save again to replace the other change.</source>
        <translation>Uw wijzigingen zijn behouden. Sla opnieuw op om de andere wijziging te vervangen.</translation>
    </message>
    <message>
        <source>Discard your changes?</source>
        <translation>Uw wijzigingen laten vallen?</translation>
    </message>
    <message>
        <source>Editing ends and the record keeps its saved values.</source>
        <translation>Het bewerken stopt en de fiche behoudt de opgeslagen waarden.</translation>
    </message>
    <message>
        <source>Leave this customer and discard your changes?</source>
        <translation>Deze klant verlaten en uw wijzigingen laten vallen?</translation>
    </message>
    <message>
        <source>What you typed here is not saved.</source>
        <translation>Wat u hier typte, is niet opgeslagen.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Niet-opgeslagen wijzigingen</translation>
    </message>
</context>
<context>
    <name>CustomerRequestsTab</name>
    <message>
        <source>New request…</source>
        <translation>Nieuw verzoek…</translation>
    </message>
    <message>
        <source>Record disclosure…</source>
        <translation>Nieuwe verstrekking…</translation>
    </message>
    <message>
        <source>Privacy requests</source>
        <translation>Privacyverzoeken</translation>
    </message>
    <message>
        <source>Disclosures to third parties</source>
        <translation>Verstrekkingen aan derden</translation>
    </message>
    <message>
        <source>No privacy requests from this customer.</source>
        <translation>Geen privacyverzoeken van deze klant.</translation>
    </message>
    <message>
        <source>Nothing was disclosed to third parties.</source>
        <translation>Er werd niets aan derden verstrekt.</translation>
    </message>
</context>
<context>
    <name>DemoAccountsPanel</name>
    <message>
        <source>Demo accounts</source>
        <translation>Demo-accounts</translation>
    </message>
    <message>
        <source>Demo only: these accounts and codes exist in this throwaway database, which is deleted when the desk closes. The code is what an authenticator app would show now; each code works once.</source>
        <translation>Alleen demo: deze accounts en codes bestaan in deze wegwerpdatabank, die gewist wordt wanneer de desk sluit. De code is wat een authenticator-app nu zou tonen; elke code werkt één keer.</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Code now</source>
        <translation>Code nu</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Kies</translation>
    </message>
    <message>
        <source>Fill the sign-in form with this account</source>
        <translation>Het aanmeldformulier met dit account invullen</translation>
    </message>
    <message>
        <source>Password of {0}</source>
        <translation>Wachtwoord van {0}</translation>
    </message>
    <message>
        <source>New codes in {0} s</source>
        <translation>Nieuwe codes over {0} s</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>Preparing a demo database with {0} invented customers…</source>
        <translation>Een demodatabank met {0} verzonnen klanten wordt voorbereid…</translation>
    </message>
    <message>
        <source>voxprivacy demo</source>
        <translation>voxprivacy demo</translation>
    </message>
    <message>
        <source>voxprivacy</source>
        <translation>voxprivacy</translation>
    </message>
    <message>
        <source>The database was rolled back; erased customers stay erased.</source>
        <translation>De databank werd teruggezet; gewiste klanten blijven gewist.</translation>
    </message>
    <message>
        <source>The desk cannot start.</source>
        <translation>De desk kan niet starten.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Instellingen…</translation>
    </message>
    <message>
        <source>DEMO — {0}</source>
        <translation>DEMO — {0}</translation>
    </message>
    <message>
        <source>Demo database (deleted when the desk closes)</source>
        <translation>Demodatabank (gewist wanneer de desk sluit)</translation>
    </message>
    <message>
        <source>Head office server {0}</source>
        <translation>Server van het hoofdkantoor {0}</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>A throwaway demo database, deleted at exit</source>
        <translation>Een wegwerpdatabank, gewist bij het afsluiten</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbonden</translation>
    </message>
    <message>
        <source>Synchronisation with the central database</source>
        <translation>Synchronisatie met de centrale databank</translation>
    </message>
    <message>
        <source>Show the synchronisation conflicts</source>
        <translation>De synchronisatieconflicten tonen</translation>
    </message>
    <message>
        <source>{user} ({role})</source>
        <translation>{user} ({role})</translation>
    </message>
    <message>
        <source>2FA: {0:d}:{1:02d} left</source>
        <translation>2FA: nog {0:d}:{1:02d}</translation>
    </message>
    <message>
        <source>2FA: not active</source>
        <translation>2FA: niet actief</translation>
    </message>
    <message>
        <source>Local copy unavailable — {0}</source>
        <translation>Lokale kopie niet beschikbaar — {0}</translation>
    </message>
    <message>
        <source>Connection to the head office server lost — {0}</source>
        <translation>Verbinding met de server van het hoofdkantoor verloren — {0}</translation>
    </message>
    <message>
        <source>Offline — {0}</source>
        <translation>Offline — {0}</translation>
    </message>
    <message>
        <source>Synchronising…</source>
        <translation>Synchroniseren…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Not synchronised</source>
        <translation>Niet gesynchroniseerd</translation>
    </message>
    <message>
        <source>Branch copy</source>
        <translation>Kopie van het filiaal</translation>
    </message>
    <message>
        <source>never synchronised</source>
        <translation>nooit gesynchroniseerd</translation>
    </message>
    <message>
        <source>synced {0}</source>
        <translation>gesynchroniseerd {0}</translation>
    </message>
    <message>
        <source>last sync {0}</source>
        <translation>laatste synchronisatie {0}</translation>
    </message>
    <message>
        <source>Central database: {0}</source>
        <translation>Centrale databank: {0}</translation>
    </message>
    <message>
        <source>Last synchronised: {0}</source>
        <translation>Laatst gesynchroniseerd: {0}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <source>Last error: {0}</source>
        <translation>Laatste fout: {0}</translation>
    </message>
    <message>
        <source>Click to synchronise now (F9).</source>
        <translation>Klik om nu te synchroniseren (F9).</translation>
    </message>
</context>
<context>
    <name>DisclosureModel</name>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Geregistreerd door</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Ontvanger</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Gegevens</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>Grondslag</translation>
    </message>
</context>
<context>
    <name>EndServiceDialog</name>
    <message>
        <source>End a service</source>
        <translation>Een dienst beëindigen</translation>
    </message>
    <message>
        <source>End the service</source>
        <translation>De dienst beëindigen</translation>
    </message>
    <message>
        <source>Its number</source>
        <translation>Het nummer</translation>
    </message>
    <message>
        <source>The service stops now. A released number rests before anyone else can get it; a ported number goes to the customer&apos;s new provider.</source>
        <translation>De dienst stopt nu. Een vrijgegeven nummer rust eerst voor iemand anders het kan krijgen; een overgezet nummer gaat naar de nieuwe operator van de klant.</translation>
    </message>
</context>
<context>
    <name>EnrollmentDialog</name>
    <message>
        <source>Authenticator for {user}</source>
        <translation>Authenticator voor {user}</translation>
    </message>
    <message>
        <source>QR code for the authenticator app</source>
        <translation>QR-code voor de authenticator-app</translation>
    </message>
    <message>
        <source>Hand this over to &lt;b&gt;{user}&lt;/b&gt; in person. They scan the QR code with their authenticator app (or type the secret), and keep the recovery codes somewhere safe: each works once if the phone is lost. This is shown only now.</source>
        <translation>Overhandig dit persoonlijk aan &lt;b&gt;{user}&lt;/b&gt;. Die scant de QR-code met de authenticator-app (of typt het geheim) en bewaart de herstelcodes op een veilige plek: elke code werkt één keer als de GSM verloren is. Dit wordt alleen nu getoond.</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Geheim</translation>
    </message>
    <message>
        <source>Recovery codes</source>
        <translation>Herstelcodes</translation>
    </message>
    <message>
        <source>Copy secret and codes</source>
        <translation>Geheim en codes kopiëren</translation>
    </message>
    <message>
        <source>User: {user}
Secret: {secret}
Recovery codes:
{codes}</source>
        <translation>Gebruiker: {user}
Geheim: {secret}
Herstelcodes:
{codes}</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>Not accepted: {message}</source>
        <translation>Niet aanvaard: {message}</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up voxprivacy</source>
        <translation>voxprivacy instellen</translation>
    </message>
</context>
<context>
    <name>IdentityCheckDialog</name>
    <message>
        <source>Identity check</source>
        <translation>Identiteitscontrole</translation>
    </message>
    <message>
        <source>How did you verify the caller&apos;s identity?</source>
        <translation>Hoe hebt u de identiteit van de beller gecontroleerd?</translation>
    </message>
    <message>
        <source>The change is saved with the method you choose (never with any value the caller gave). If you could not verify them, cancel: nothing is saved.</source>
        <translation>De wijziging wordt opgeslagen met de gekozen methode (nooit met een waarde die de beller gaf). Kon u de beller niet controleren, annuleer dan: er wordt niets opgeslagen.</translation>
    </message>
    <message>
        <source>Verified: save</source>
        <translation>Gecontroleerd: opslaan</translation>
    </message>
</context>
<context>
    <name>ImpactPreview</name>
    <message>
        <source>Services</source>
        <translation>Diensten</translation>
    </message>
    <message>
        <source>No running services.</source>
        <translation>Geen lopende diensten.</translation>
    </message>
    <message>
        <source>ends</source>
        <translation>stopt</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behouden</translation>
    </message>
    <message>
        <source>loses {fields}</source>
        <translation>verliest {fields}</translation>
    </message>
    <message>
        <source>needs nothing from the record</source>
        <translation>heeft niets van de fiche nodig</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Facturatie</translation>
    </message>
    <message>
        <source>Billing data</source>
        <translation>Facturatiegegevens</translation>
    </message>
    <message numerus="yes">
        <source>%n open invoice(s); balance {balance}</source>
        <translation>
            <numerusform>%n openstaande factuur; saldo {balance}</numerusform>
            <numerusform>%n openstaande facturen; saldo {balance}</numerusform>
        </translation>
    </message>
    <message>
        <source>No open invoices</source>
        <translation>Geen openstaande facturen</translation>
    </message>
    <message>
        <source>Open invoices</source>
        <translation>Openstaande facturen</translation>
    </message>
    <message>
        <source>Kept under the pseudonym</source>
        <translation>Bewaard onder het pseudoniem</translation>
    </message>
</context>
<context>
    <name>InteractionModel</name>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanaal</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personeel</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Samenvatting</translation>
    </message>
</context>
<context>
    <name>InteractionsTab</name>
    <message>
        <source>Add an interaction</source>
        <translation>Een contact toevoegen</translation>
    </message>
    <message>
        <source>What was asked, what was done…</source>
        <translation>Wat er gevraagd werd, wat er gedaan werd…</translation>
    </message>
    <message>
        <source>Add interaction</source>
        <translation>Contact toevoegen</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanaal</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Samenvatting</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Load older interactions</source>
        <translation>Oudere contacten laden</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>Contacten</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{shown} van {total}</translation>
    </message>
</context>
<context>
    <name>InvoiceModel</name>
    <message>
        <source>Invoice</source>
        <translation>Factuur</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Uitgereikt</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vervaldag</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Bedrag</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Betaald</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>The desk is locked</source>
        <translation>De desk is vergrendeld</translation>
    </message>
    <message>
        <source>Signed in as {0}. Enter your password to continue; your work is kept as you left it.</source>
        <translation>Aangemeld als {0}. Geef uw wachtwoord om verder te gaan; uw werk blijft zoals u het achterliet.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Sign in as someone else</source>
        <translation>Aanmelden als iemand anders</translation>
    </message>
    <message>
        <source>Sign {0} out (unsaved changes are asked about first) and show the sign-in</source>
        <translation>{0} afmelden (naar niet-opgeslagen wijzigingen wordt eerst gevraagd) en het aanmeldscherm tonen</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Opnieuw aanmelden</translation>
    </message>
    <message>
        <source>{0}, the head office server ended your session. Enter your password to sign in again; your work is kept as you left it.</source>
        <translation>{0}, de server van het hoofdkantoor heeft uw sessie beëindigd. Geef uw wachtwoord om opnieuw aan te melden; uw werk blijft zoals u het achterliet.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>voxprivacy — privacy desk</source>
        <translation>voxprivacy — privacydesk</translation>
    </message>
    <message>
        <source>DEMO — {0}</source>
        <translation>DEMO — {0}</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Onderdelen</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Klanten</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Verzoeken</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personeel</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapporten</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Bewaring</translation>
    </message>
    <message>
        <source>DEMO — a throwaway database with invented customers; it is deleted when the desk closes. Do not enter real data.</source>
        <translation>DEMO — een wegwerpdatabank met verzonnen klanten; ze wordt gewist wanneer de desk sluit. Voer geen echte gegevens in.</translation>
    </message>
    <message>
        <source>Demo accounts</source>
        <translation>Demo-accounts</translation>
    </message>
    <message>
        <source>{page} ({shortcut})</source>
        <translation>{page} ({shortcut})</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Instellingen…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Vergrendelen</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Afmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Af&amp;sluiten</translation>
    </message>
    <message>
        <source>&amp;Register customer…</source>
        <translation>Klant &amp;registreren…</translation>
    </message>
    <message>
        <source>Import newsletter &amp;unsubscribes…</source>
        <translation>&amp;Uitschrijvingen nieuwsbrief importeren…</translation>
    </message>
    <message>
        <source>S&amp;ynchronise now</source>
        <translation>Nu s&amp;ynchroniseren</translation>
    </message>
    <message>
        <source>Send this branch&apos;s changes to the central database and fetch theirs</source>
        <translation>De wijzigingen van dit filiaal naar de centrale databank sturen en die van daar ophalen</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ga naar</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About voxprivacy</source>
        <translation>&amp;Over voxprivacy</translation>
    </message>
    <message>
        <source>Find customer</source>
        <translation>Klant zoeken</translation>
    </message>
    <message>
        <source>About voxprivacy</source>
        <translation>Over voxprivacy</translation>
    </message>
    <message>
        <source>&lt;b&gt;voxprivacy {0}&lt;/b&gt;&lt;p&gt;The privacy desk: customer records, consents and privacy requests, with a tamper-evident audit trail.&lt;/p&gt;</source>
        <translation>&lt;b&gt;voxprivacy {0}&lt;/b&gt;&lt;p&gt;De privacydesk: klantfiches, toestemmingen en privacyverzoeken, met een fraudebestendig auditlogboek.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Niet-opgeslagen wijzigingen</translation>
    </message>
    <message>
        <source>The customer record has changes that are not saved. Close the desk and discard them?</source>
        <translation>De klantfiche heeft niet-opgeslagen wijzigingen. De desk sluiten en ze laten vallen?</translation>
    </message>
</context>
<context>
    <name>OpenRequestDialog</name>
    <message>
        <source>New privacy request</source>
        <translation>Nieuw privacyverzoek</translation>
    </message>
    <message>
        <source>New privacy request for {customer}</source>
        <translation>Nieuw privacyverzoek voor {customer}</translation>
    </message>
    <message>
        <source>What does the customer ask for?</source>
        <translation>Wat vraagt de klant?</translation>
    </message>
    <message>
        <source>&amp;Access</source>
        <translation>&amp;Inzage</translation>
    </message>
    <message>
        <source>A copy of everything we hold about them, as JSON and a readable report.</source>
        <translation>Een kopie van alles wat we over de klant bewaren, als JSON en als leesbaar rapport.</translation>
    </message>
    <message>
        <source>&amp;Rectification</source>
        <translation>&amp;Rechtzetting</translation>
    </message>
    <message>
        <source>Correct data that is wrong; each before and after is kept.</source>
        <translation>Foute gegevens verbeteren; elke waarde voor en na wordt bewaard.</translation>
    </message>
    <message>
        <source>&amp;Erasure</source>
        <translation>&amp;Wissing</translation>
    </message>
    <message>
        <source>Delete their personal data. A supervisor who did not open it must approve.</source>
        <translation>De persoonsgegevens verwijderen. Een supervisor die het verzoek niet opende, moet het goedkeuren.</translation>
    </message>
    <message>
        <source>Re&amp;striction</source>
        <translation>&amp;Beperking</translation>
    </message>
    <message>
        <source>Keep their data but stop using it for the purposes below until it is lifted.</source>
        <translation>De gegevens bewaren maar niet meer gebruiken voor de doelen hieronder tot de beperking opgeheven is.</translation>
    </message>
    <message>
        <source>&amp;Objection</source>
        <translation>&amp;Bezwaar</translation>
    </message>
    <message>
        <source>Their consent to the purposes below is withdrawn, with this request.</source>
        <translation>De toestemming voor de doelen hieronder wordt met dit verzoek ingetrokken.</translation>
    </message>
    <message>
        <source>How did you verify the caller&apos;s identity?</source>
        <translation>Hoe hebt u de identiteit van de beller gecontroleerd?</translation>
    </message>
    <message>
        <source>Required: a request is opened only for a verified caller. You are recorded as the person who verified them, now.</source>
        <translation>Verplicht: een verzoek wordt alleen geopend voor een gecontroleerde beller. U wordt nu geregistreerd als wie de controle deed.</translation>
    </message>
    <message>
        <source>Which purposes?</source>
        <translation>Welke doelen?</translation>
    </message>
    <message>
        <source>&amp;Newsletter</source>
        <translation>&amp;Nieuwsbrief</translation>
    </message>
    <message>
        <source>&amp;Product updates</source>
        <translation>&amp;Productnieuws</translation>
    </message>
    <message>
        <source>&amp;Disclosure to third parties</source>
        <translation>&amp;Verstrekking aan derden</translation>
    </message>
    <message>
        <source>Optional: what exactly was asked, call reference…</source>
        <translation>Optioneel: wat er precies gevraagd werd, gespreksreferentie…</translation>
    </message>
    <message>
        <source>What erasing this customer would do</source>
        <translation>Wat het wissen van deze klant zou doen</translation>
    </message>
    <message>
        <source>Open request</source>
        <translation>Verzoek openen</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <source>Open erasure request</source>
        <translation>Wissingsverzoek openen</translation>
    </message>
    <message>
        <source>Working out what erasing would do…</source>
        <translation>Berekenen wat wissen zou doen…</translation>
    </message>
    <message>
        <source>Nothing is erased yet: this is what carrying out the request would do, once approved.</source>
        <translation>Er is nog niets gewist: dit is wat het verzoek na goedkeuring zou doen.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source> days</source>
        <translation> dagen</translation>
    </message>
    <message>
        <source>Extend by</source>
        <translation>Verlengen met</translation>
    </message>
    <message>
        <source>Required: why, in a sentence</source>
        <translation>Verplicht: waarom, in één zin</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
</context>
<context>
    <name>ReasonOnlyDialog</name>
    <message>
        <source>Required: why, in a sentence</source>
        <translation>Verplicht: waarom, in één zin</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
</context>
<context>
    <name>RecordDisclosureDialog</name>
    <message>
        <source>Record a disclosure to a third party</source>
        <translation>Een verstrekking aan een derde registreren</translation>
    </message>
    <message>
        <source>Only with the customer&apos;s current consent to disclosure to third parties. The consent that allowed it is recorded as the basis.</source>
        <translation>Alleen met de huidige toestemming van de klant voor verstrekking aan derden. De toestemming die het toeliet, wordt als grondslag geregistreerd.</translation>
    </message>
    <message>
        <source>e.g. Swiss Post, debt collection agency</source>
        <translation>bv. bpost, incassobureau</translation>
    </message>
    <message>
        <source>Which data was passed on, and why</source>
        <translation>Welke gegevens werden doorgegeven, en waarom</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Ontvanger</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Gegevens</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registreren</translation>
    </message>
</context>
<context>
    <name>RectifyDialog</name>
    <message>
        <source>Correct the customer&apos;s data</source>
        <translation>De gegevens van de klant verbeteren</translation>
    </message>
    <message>
        <source>Correct and complete</source>
        <translation>Verbeteren en afronden</translation>
    </message>
    <message>
        <source>Enter each correction the customer asked for. The values before and after are kept with the request; an empty value clears the field.</source>
        <translation>Voer elke verbetering in die de klant vroeg. De waarden voor en na worden bij het verzoek bewaard; een lege waarde maakt het veld leeg.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Nu</translation>
    </message>
    <message>
        <source>Correct to</source>
        <translation>Verbeteren naar</translation>
    </message>
    <message>
        <source>Add another field</source>
        <translation>Nog een veld toevoegen</translation>
    </message>
</context>
<context>
    <name>RegisterCustomerDialog</name>
    <message>
        <source>Newsletter</source>
        <translation>Nieuwsbrief</translation>
    </message>
    <message>
        <source>Product updates</source>
        <translation>Productnieuws</translation>
    </message>
    <message>
        <source>Disclosure to third parties</source>
        <translation>Verstrekking aan derden</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefoon</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Brief</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>Persoonlijk</translation>
    </message>
    <message>
        <source>Sign-up</source>
        <translation>Inschrijving</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>Sms</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>Register customer</source>
        <translation>Klant registreren</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klant</translation>
    </message>
    <message>
        <source>&amp;Private</source>
        <translation>&amp;Particulier</translation>
    </message>
    <message>
        <source>&amp;Business</source>
        <translation>&amp;Zakelijk</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>full name (of the contact person)</source>
        <translation>volledige naam (van de contactpersoon)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Naam</translation>
    </message>
    <message>
        <source>business customers only</source>
        <translation>alleen zakelijke klanten</translation>
    </message>
    <message>
        <source>Com&amp;pany</source>
        <translation>Be&amp;drijf</translation>
    </message>
    <message>
        <source>e.g. en, de, fr-CH</source>
        <translation>bv. nl, fr, de-CH</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>Voorkeurskanaal</translation>
    </message>
    <message>
        <source>optional; never a card number</source>
        <translation>optioneel; nooit een kaartnummer</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>the primary email address</source>
        <translation>het hoofd-e-mailadres</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>optional: another address</source>
        <translation>optioneel: een ander adres</translation>
    </message>
    <message>
        <source>Another email</source>
        <translation>Ander e-mailadres</translation>
    </message>
    <message>
        <source>with country code, e.g. +49 30 1234567</source>
        <translation>met landcode, bv. +32 470 12 34 56</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>&amp;Telefoon</translation>
    </message>
    <message>
        <source>optional: another number</source>
        <translation>optioneel: een ander nummer</translation>
    </message>
    <message>
        <source>Another phone</source>
        <translation>Ander nummer</translation>
    </message>
    <message>
        <source>street and number</source>
        <translation>straat en nummer</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Straat</translation>
    </message>
    <message>
        <source>Postal code, city</source>
        <translation>Postcode, gemeente</translation>
    </message>
    <message>
        <source>two letters, e.g. DE</source>
        <translation>twee letters, bv. BE</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Initial consents</source>
        <translation>Eerste toestemmingen</translation>
    </message>
    <message>
        <source>How the customer said it</source>
        <translation>Hoe de klant het liet weten</translation>
    </message>
    <message>
        <source>optional: form number, call reference, …</source>
        <translation>optioneel: formuliernummer, gespreksreferentie, …</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Bewijs</translation>
    </message>
    <message>
        <source>A purpose left unticked is recorded as not asked.</source>
        <translation>Een doel zonder vinkje wordt geregistreerd als niet gevraagd.</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Registreren</translation>
    </message>
    <message>
        <source>Register a new customer</source>
        <translation>Een nieuwe klant registreren</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Gemeente</translation>
    </message>
    <message>
        <source>&lt;b&gt;Business address&lt;/b&gt;</source>
        <translation>&lt;b&gt;Bedrijfsadres&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Private address&lt;/b&gt;</source>
        <translation>&lt;b&gt;Privéadres&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>Vul de naam van de klant in.</translation>
    </message>
    <message>
        <source>Not registered: it needs your second factor. Press Register to try again.</source>
        <translation>Niet geregistreerd: uw tweede factor is nodig. Druk op Registreren om het opnieuw te proberen.</translation>
    </message>
    <message>
        <source>Not registered: please correct the marked fields.</source>
        <translation>Niet geregistreerd: verbeter de gemarkeerde velden.</translation>
    </message>
    <message>
        <source>Not registered: please correct the marked field.</source>
        <translation>Niet geregistreerd: verbeter het gemarkeerde veld.</translation>
    </message>
    <message>
        <source>Not registered: {reason}</source>
        <translation>Niet geregistreerd: {reason}</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Registreren…</translation>
    </message>
    <message>
        <source>Register anyway</source>
        <translation>Toch registreren</translation>
    </message>
    <message>
        <source>&lt;b&gt;Possibly already a customer.&lt;/b&gt; Open the existing record, or register anyway if this is someone else.</source>
        <translation>&lt;b&gt;Misschien al klant.&lt;/b&gt; Open de bestaande fiche, of registreer toch als het om iemand anders gaat.</translation>
    </message>
    <message>
        <source>Open existing</source>
        <translation>Bestaande openen</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nee</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Privacy requests per month</source>
        <translation>Privacyverzoeken per maand</translation>
    </message>
    <message>
        <source>Register of disclosures</source>
        <translation>Register van verstrekkingen</translation>
    </message>
    <message>
        <source>Consent statistics</source>
        <translation>Toestemmingsstatistieken</translation>
    </message>
    <message>
        <source>Consent ledger</source>
        <translation>Toestemmingsregister</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Auditlogboek</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Tot</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>gebruikersnaam</translation>
    </message>
    <message>
        <source>e.g. request.</source>
        <translation>bv. request.</translation>
    </message>
    <message>
        <source>account number</source>
        <translation>klantnummer</translation>
    </message>
    <message>
        <source>Run report</source>
        <translation>Rapport opvragen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporteren…</translation>
    </message>
    <message>
        <source>Save the report shown as CSV or JSON</source>
        <translation>Het getoonde rapport als CSV of JSON opslaan</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personeel</translation>
    </message>
    <message>
        <source>Action starts with</source>
        <translation>Actie begint met</translation>
    </message>
    <message>
        <source>Customer account</source>
        <translation>Klantnummer</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapporten</translation>
    </message>
    <message>
        <source>Reports are for supervisors and admins.</source>
        <translation>Rapporten zijn voor supervisors en beheerders.</translation>
    </message>
    <message>
        <source>Running the report…</source>
        <translation>Het rapport wordt opgesteld…</translation>
    </message>
    <message numerus="yes">
        <source>{title}: %n row(s)</source>
        <translation>
            <numerusform>{title}: %n rij</numerusform>
            <numerusform>{title}: %n rijen</numerusform>
        </translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Rapport exporteren</translation>
    </message>
    <message>
        <source>The report was not saved: {reason}</source>
        <translation>Het rapport werd niet opgeslagen: {reason}</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Opgeslagen in {path}</translation>
    </message>
</context>
<context>
    <name>RequestDetailDialog</name>
    <message>
        <source>Privacy request {ref}</source>
        <translation>Privacyverzoek {ref}</translation>
    </message>
</context>
<context>
    <name>RequestDetailWidget</name>
    <message>
        <source>Choose a request in the queue to see it here.</source>
        <translation>Kies een verzoek in de wachtrij om het hier te zien.</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Klant openen</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klant</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vervaldag</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Termijn</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identiteit</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Beslissing</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Goedkeuren…</translation>
    </message>
    <message>
        <source>Approve the erasure (asks for a fresh code) — {keys}</source>
        <translation>De wissing goedkeuren (vraagt een nieuwe code) — {keys}</translation>
    </message>
    <message>
        <source>Deny…</source>
        <translation>Weigeren…</translation>
    </message>
    <message>
        <source>Deny the erasure and tell the customer why — {keys}</source>
        <translation>De wissing weigeren en de klant zeggen waarom — {keys}</translation>
    </message>
    <message>
        <source>Complete…</source>
        <translation>Afronden…</translation>
    </message>
    <message>
        <source>Extend…</source>
        <translation>Verlengen…</translation>
    </message>
    <message>
        <source>Extend the deadline once, by up to two months</source>
        <translation>De termijn één keer verlengen, met ten hoogste twee maanden</translation>
    </message>
    <message>
        <source>Cancel request…</source>
        <translation>Verzoek annuleren…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Map openen</translation>
    </message>
    <message>
        <source>What erasing this customer does</source>
        <translation>Wat het wissen van deze klant doet</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Verbeteringen</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>{kind} request</source>
        <translation>Verzoek tot {kind}</translation>
    </message>
    <message>
        <source>in force until lifted</source>
        <translation>geldig tot opgeheven</translation>
    </message>
    <message>
        <source>Extended once: {reason}</source>
        <translation>Eén keer verlengd: {reason}</translation>
    </message>
    <message>
        <source>Not extended (received {received})</source>
        <translation>Niet verlengd (ontvangen op {received})</translation>
    </message>
    <message>
        <source>Verified by {who} via {how}, {when}</source>
        <translation>Gecontroleerd door {who} via {how}, {when}</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(onbekend)</translation>
    </message>
    <message>
        <source>Denied by {who} on {when}: {reason}</source>
        <translation>Geweigerd door {who} op {when}: {reason}</translation>
    </message>
    <message>
        <source>Approved by {who} on {when}</source>
        <translation>Goedgekeurd door {who} op {when}</translation>
    </message>
    <message>
        <source>Waiting for a supervisor who did not open it (opened by {who})</source>
        <translation>Wacht op een supervisor die het niet opende (geopend door {who})</translation>
    </message>
    <message>
        <source>Cancelled: {reason}</source>
        <translation>Geannuleerd: {reason}</translation>
    </message>
    <message>
        <source>Completed by {who} on {when}</source>
        <translation>Afgerond door {who} op {when}</translation>
    </message>
    <message>
        <source>Complete: write the package…</source>
        <translation>Afronden: het pakket schrijven…</translation>
    </message>
    <message>
        <source>Complete: correct the data…</source>
        <translation>Afronden: de gegevens verbeteren…</translation>
    </message>
    <message>
        <source>Complete: erase the customer…</source>
        <translation>Afronden: de klant wissen…</translation>
    </message>
    <message>
        <source>Lift the restriction…</source>
        <translation>Beperking opheffen…</translation>
    </message>
    <message>
        <source>Access package files deleted:
{paths}</source>
        <translation>Bestanden van het inzagepakket verwijderd:
{paths}</translation>
    </message>
    <message>
        <source>Delete these access package files by hand; this workstation cannot reach them:
{paths}</source>
        <translation>Verwijder deze bestanden van het inzagepakket met de hand; dit werkstation kan er niet bij:
{paths}</translation>
    </message>
    <message>
        <source>Ask IT to run VACUUM on: {tables}</source>
        <translation>Vraag IT om VACUUM uit te voeren op: {tables}</translation>
    </message>
    <message>
        <source>Deny the erasure</source>
        <translation>De wissing weigeren</translation>
    </message>
    <message>
        <source>Deny request {ref}? The customer&apos;s data stays; tell them why. The reason is kept with the request.</source>
        <translation>Verzoek {ref} weigeren? De gegevens van de klant blijven; zeg de klant waarom. De reden wordt bij het verzoek bewaard.</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Weigeren</translation>
    </message>
    <message>
        <source>Extend the deadline</source>
        <translation>De termijn verlengen</translation>
    </message>
    <message>
        <source>Request {ref} is due {due}. A deadline can be extended once, by up to two months; the customer must be told why.</source>
        <translation>Verzoek {ref} vervalt op {due}. Een termijn kan één keer verlengd worden, met ten hoogste twee maanden; de klant moet de reden te horen krijgen.</translation>
    </message>
    <message>
        <source>Extend</source>
        <translation>Verlengen</translation>
    </message>
    <message>
        <source>Cancel the request</source>
        <translation>Het verzoek annuleren</translation>
    </message>
    <message>
        <source>Cancel request {ref}, for example because the customer withdrew it?</source>
        <translation>Verzoek {ref} annuleren, bijvoorbeeld omdat de klant het introk?</translation>
    </message>
    <message>
        <source>Cancel request</source>
        <translation>Verzoek annuleren</translation>
    </message>
    <message>
        <source>Lift the restriction</source>
        <translation>De beperking opheffen</translation>
    </message>
    <message>
        <source>Lift restriction {ref}? The customer&apos;s data may be used again for: {purposes}.</source>
        <translation>Beperking {ref} opheffen? De gegevens van de klant mogen dan weer gebruikt worden voor: {purposes}.</translation>
    </message>
    <message>
        <source>Lift restriction</source>
        <translation>Beperking opheffen</translation>
    </message>
    <message>
        <source>Where should the customer&apos;s package be written?</source>
        <translation>Waar moet het pakket van de klant geschreven worden?</translation>
    </message>
    <message>
        <source>The package was written:
{paths}</source>
        <translation>Het pakket werd geschreven:
{paths}</translation>
    </message>
    <message>
        <source>Billing data ({what}) is not in it: a finance member releases it with &apos;voxprivacy-admin request release-billing {reference} --out DIR&apos;.</source>
        <translation>Facturatiegegevens ({what}) zitten er niet in: een lid van financiën geeft ze vrij met &apos;voxprivacy-admin request release-billing {reference} --out DIR&apos;.</translation>
    </message>
</context>
<context>
    <name>RequestsChart</name>
    <message>
        <source>Requests opened, completed and overdue each month; below, the median days</source>
        <translation>Verzoeken geopend, afgerond en te laat per maand; daaronder het mediaan aantal dagen</translation>
    </message>
    <message>
        <source> a completed request took.</source>
        <translation> dat een afgerond verzoek duurde.</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geopend</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Te laat</translation>
    </message>
    <message>
        <source>Median days to complete</source>
        <translation>Mediaan aantal dagen tot afronding</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <source>Reference</source>
        <translation>Referentie</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klant</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vervaldag</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Resterende dagen</translation>
    </message>
</context>
<context>
    <name>RequestsQueueWidget</name>
    <message>
        <source>Privacy requests</source>
        <translation>Privacyverzoeken</translation>
    </message>
    <message>
        <source>Show requests</source>
        <translation>Verzoeken tonen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Customer account</source>
        <translation>Klantnummer</translation>
    </message>
    <message>
        <source>Only this customer&apos;s requests (account number); empty shows everyone&apos;s</source>
        <translation>Alleen de verzoeken van deze klant (klantnummer); leeg toont die van iedereen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Load the queue again (F5)</source>
        <translation>De wachtrij opnieuw laden (F5)</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Klant openen</translation>
    </message>
    <message>
        <source>Show the selected request&apos;s customer</source>
        <translation>De klant van het gekozen verzoek tonen</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Tonen</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n verzoek</numerusform>
            <numerusform>%n verzoeken</numerusform>
        </translation>
    </message>
    <message>
        <source>, {n} overdue</source>
        <translation>, {n} te laat</translation>
    </message>
    <message>
        <source>No requests match.</source>
        <translation>Geen verzoeken gevonden.</translation>
    </message>
</context>
<context>
    <name>RetentionPage</name>
    <message>
        <source>Choose a kind of data to see what is due.</source>
        <translation>Kies een soort gegevens om te zien wat vervalt.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dagen</translation>
    </message>
    <message>
        <source>Set period…</source>
        <translation>Termijn instellen…</translation>
    </message>
    <message>
        <source>Asks for a fresh code</source>
        <translation>Vraagt een nieuwe code</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Run now…</source>
        <translation>Nu uitvoeren…</translation>
    </message>
    <message>
        <source>Removes what is due; asks for a fresh code</source>
        <translation>Verwijdert wat vervallen is; vraagt een nieuwe code</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Keep for</source>
        <translation>Bewaren gedurende</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Bewaring</translation>
    </message>
    <message>
        <source>{name} — {label}: kept {days} days after {start}.</source>
        <translation>{name} — {label}: {days} dagen bewaard na {start}.</translation>
    </message>
    <message>
        <source>Schedule and what is due now</source>
        <translation>Schema en wat nu vervalt</translation>
    </message>
    <message>
        <source>What is due</source>
        <translation>Wat vervalt</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Uitvoeringen</translation>
    </message>
    <message>
        <source>Retention is for supervisors and admins.</source>
        <translation>Bewaring is voor supervisors en beheerders.</translation>
    </message>
    <message>
        <source>Looking for what is due…</source>
        <translation>Zoeken wat vervalt…</translation>
    </message>
    <message>
        <source>{n} due now (as of {at}).</source>
        <translation>{n} nu vervallen (op {at}).</translation>
    </message>
    <message>
        <source>Nothing is due (as of {at}).</source>
        <translation>Niets vervallen (op {at}).</translation>
    </message>
    <message>
        <source>{n} due (finance sees which).</source>
        <translation>{n} vervallen (financiën ziet welke).</translation>
    </message>
    <message>
        <source>Held back: {why}</source>
        <translation>Tegengehouden: {why}</translation>
    </message>
    <message>
        <source>Nothing of this kind is due.</source>
        <translation>Niets van deze soort is vervallen.</translation>
    </message>
    <message>
        <source>{kind}: kept {days} days.</source>
        <translation>{kind}: {days} dagen bewaard.</translation>
    </message>
    <message>
        <source>Run the retention schedule</source>
        <translation>Het bewaarschema uitvoeren</translation>
    </message>
    <message>
        <source>Remove the {n} items due now? Terminated customers are anonymised as an erasure is; this cannot be undone.</source>
        <translation>De {n} vervallen items verwijderen? Opgezegde klanten worden geanonimiseerd zoals bij een wissing; dit kan niet ongedaan gemaakt worden.</translation>
    </message>
    <message>
        <source>Removed {n}.</source>
        <translation>{n} verwijderd.</translation>
    </message>
    <message>
        <source>Delete by hand: {files}</source>
        <translation>Met de hand verwijderen: {files}</translation>
    </message>
</context>
<context>
    <name>RunsModel</name>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Door</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Verwijderd</translation>
    </message>
    <message>
        <source>nothing was due</source>
        <translation>niets was vervallen</translation>
    </message>
</context>
<context>
    <name>ScheduleModel</name>
    <message>
        <source>Kind of data</source>
        <translation>Soort gegevens</translation>
    </message>
    <message>
        <source>Kept (days)</source>
        <translation>Bewaard (dagen)</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standaard</translation>
    </message>
    <message>
        <source>At least</source>
        <translation>Minstens</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>Nu vervallen</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>Tegengehouden</translation>
    </message>
    <message>
        <source>Counted from {start}; at least {n} days: {why}.</source>
        <translation>Gerekend vanaf {start}; minstens {n} dagen: {why}.</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>Add a service</source>
        <translation>Een dienst toevoegen</translation>
    </message>
    <message>
        <source>Change a service</source>
        <translation>Een dienst wijzigen</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Toevoegen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Needs from the record</source>
        <translation>Nodig van de fiche</translation>
    </message>
    <message>
        <source>Service details</source>
        <translation>Details van de dienst</translation>
    </message>
    <message>
        <source>nothing from the record</source>
        <translation>niets van de fiche</translation>
    </message>
    <message>
        <source>+49 30 1234567</source>
        <translation>+32 470 12 34 56</translation>
    </message>
    <message>
        <source>name@example.org</source>
        <translation>naam@example.org</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>een geheel getal</translation>
    </message>
    <message>
        <source>in cents, e.g. 2000</source>
        <translation>in cent, bv. 2000</translation>
    </message>
</context>
<context>
    <name>ServicesTab</name>
    <message>
        <source>Add a service…</source>
        <translation>Een dienst toevoegen…</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Diensten</translation>
    </message>
    <message>
        <source>This customer has no services.</source>
        <translation>Deze klant heeft geen diensten.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actief</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Geschorst</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beëindigd</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Sinds</translation>
    </message>
    <message>
        <source>{day}; its number was {fate}</source>
        <translation>{day}; het nummer werd {fate}</translation>
    </message>
    <message>
        <source>nothing from the record</source>
        <translation>niets van de fiche</translation>
    </message>
    <message>
        <source>Removing any of these from the record stops the service</source>
        <translation>Eén van deze gegevens van de fiche verwijderen, stopt de dienst</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Nodig</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Wijzigen…</translation>
    </message>
    <message>
        <source>End…</source>
        <translation>Beëindigen…</translation>
    </message>
</context>
<context>
    <name>SetValueDialog</name>
    <message>
        <source>Set the value</source>
        <translation>De waarde invullen</translation>
    </message>
    <message>
        <source>Set value</source>
        <translation>Waarde invullen</translation>
    </message>
    <message>
        <source>Type the right {what} for {customer}. It replaces the value at the central database and at every branch.</source>
        <translation>Typ de juiste {what} voor {customer}. Die vervangt de waarde in de centrale databank en in elk filiaal.</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Nieuwe waarde</translation>
    </message>
    <message>
        <source>Central value</source>
        <translation>Centrale waarde</translation>
    </message>
    <message>
        <source>Branch value</source>
        <translation>Waarde van het filiaal</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Databank</translation>
    </message>
    <message>
        <source>This computer (encrypted local database)</source>
        <translation>Deze computer (versleutelde lokale databank)</translation>
    </message>
    <message>
        <source>Head office server</source>
        <translation>Server van het hoofdkantoor</translation>
    </message>
    <message>
        <source>PostgreSQL opened directly (trusted workstation only)</source>
        <translation>PostgreSQL rechtstreeks geopend (alleen vertrouwd werkstation)</translation>
    </message>
    <message>
        <source>https://privacy.example.org:8443</source>
        <translation>https://privacy.example.org:8443</translation>
    </message>
    <message>
        <source>Head office server address</source>
        <translation>Adres van de server van het hoofdkantoor</translation>
    </message>
    <message>
        <source>only for a self-signed certificate: AB:CD:…</source>
        <translation>alleen voor een zelfondertekend certificaat: AB:CD:…</translation>
    </message>
    <message>
        <source>Server certificate fingerprint</source>
        <translation>Vingerafdruk van het servercertificaat</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Verbinding controleren</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-vingerafdruk</translation>
    </message>
    <message>
        <source>The desk signs in through the server; this computer keeps no database password and no keys.</source>
        <translation>De desk meldt zich aan via de server; deze computer bewaart geen databankwachtwoord en geen sleutels.</translation>
    </message>
    <message>
        <source>postgresql://user@host/dbname</source>
        <translation>postgresql://gebruiker@host/databank</translation>
    </message>
    <message>
        <source>kept in the system keyring</source>
        <translation>bewaard in de sleutelbos van het systeem</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbinding testen</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Unsafe: this computer then holds the database password and the master key, with which its user can bypass the second factor and the audit trail (&apos;voxprivacy-admin doctor&apos; reports it). Use the head office server instead.</source>
        <translation>Onveilig: deze computer heeft dan het databankwachtwoord en de hoofdsleutel, waarmee de gebruiker de tweede factor en het auditlogboek kan omzeilen (&apos;voxprivacy-admin doctor&apos; meldt het). Gebruik liever de server van het hoofdkantoor.</translation>
    </message>
    <message>
        <source>Database changes apply the next time the desk starts.</source>
        <translation>Wijzigingen aan de databank gelden vanaf de volgende start van de desk.</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Beveiliging</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>As the system (%1)</source>
        <translation>Zoals het systeem (%1)</translation>
    </message>
    <message>
        <source>The language changes the next time the desk starts.</source>
        <translation>De taal wijzigt bij de volgende start van de desk.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinden…</translation>
    </message>
    <message>
        <source>A voxprivacy server answers at {0}; its certificate matches {1}.</source>
        <translation>Een voxprivacy-server antwoordt op {0}; het certificaat komt overeen met {1}.</translation>
    </message>
    <message>
        <source>A voxprivacy server answers at {0} (its certificate is trusted by this computer).</source>
        <translation>Een voxprivacy-server antwoordt op {0} (deze computer vertrouwt het certificaat).</translation>
    </message>
    <message>
        <source>Connected to {0}.</source>
        <translation>Verbonden met {0}.</translation>
    </message>
    <message>
        <source>Enter a PostgreSQL URL such as postgresql://user@host/dbname.</source>
        <translation>Geef een PostgreSQL-URL zoals postgresql://gebruiker@host/databank.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — voxprivacy</source>
        <translation>Aanmelden — voxprivacy</translation>
    </message>
    <message>
        <source>Privacy desk</source>
        <translation>Privacydesk</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Gebruikersnaam</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Wachtwoord</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Aanmelden</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Geef uw gebruikersnaam en wachtwoord.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Aanmelden…</translation>
    </message>
</context>
<context>
    <name>StaffAdminWidget</name>
    <message>
        <source>Staff</source>
        <translation>Personeel</translation>
    </message>
    <message>
        <source>Add member…</source>
        <translation>Personeelslid toevoegen…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Reset second factor…</source>
        <translation>Tweede factor opnieuw instellen…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Rol wijzigen…</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>Deactiveren…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>Staff administration is for supervisors and admins; your role ({role}) does not include it.</source>
        <translation>Personeelsbeheer is voor supervisors en beheerders; uw rol ({role}) omvat het niet.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Laden…</translation>
    </message>
    <message numerus="yes">
        <source>%n staff member(s)</source>
        <translation>
            <numerusform>%n personeelslid</numerusform>
            <numerusform>%n personeelsleden</numerusform>
        </translation>
    </message>
    <message>
        <source>{user} was added; hand over the authenticator setup.</source>
        <translation>{user} werd toegevoegd; overhandig de authenticator-instelling.</translation>
    </message>
    <message>
        <source>{user} is unlocked.</source>
        <translation>{user} is ontgrendeld.</translation>
    </message>
    <message>
        <source>Reset the second factor of {user}? Their authenticator and recovery codes stop working at once; you hand over a new QR code.</source>
        <translation>De tweede factor van {user} opnieuw instellen? De authenticator en de herstelcodes werken meteen niet meer; u overhandigt een nieuwe QR-code.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Opnieuw instellen</translation>
    </message>
    <message>
        <source>The second factor of {user} was reset.</source>
        <translation>De tweede factor van {user} werd opnieuw ingesteld.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Rol wijzigen</translation>
    </message>
    <message>
        <source>New role for {user}:</source>
        <translation>Nieuwe rol voor {user}:</translation>
    </message>
    <message>
        <source>{user} is now {role}.</source>
        <translation>{user} is nu {role}.</translation>
    </message>
    <message>
        <source>Deactivate {user}? They can no longer sign in; their name stays in the audit trail.</source>
        <translation>{user} deactiveren? Aanmelden kan dan niet meer; de naam blijft in het auditlogboek.</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Deactiveren</translation>
    </message>
    <message>
        <source>{user} was deactivated.</source>
        <translation>{user} werd gedeactiveerd.</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>Bevestig a.u.b.</translation>
    </message>
</context>
<context>
    <name>StaffModel</name>
    <message>
        <source>User name</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Toestand</translation>
    </message>
    <message>
        <source>Failed attempts</source>
        <translation>Mislukte pogingen</translation>
    </message>
    <message>
        <source>Member since</source>
        <translation>Lid sinds</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>gedeactiveerd</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>geblokkeerd</translation>
    </message>
    <message>
        <source>not enrolled</source>
        <translation>niet ingeschreven</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
</context>
<context>
    <name>StepUpDialog</name>
    <message>
        <source>Confirm with your second factor</source>
        <translation>Bevestigen met uw tweede factor</translation>
    </message>
    <message>
        <source>Enter the code from your authenticator app</source>
        <translation>Geef de code uit uw authenticator-app</translation>
    </message>
    <message>
        <source>This operation always asks for a fresh code, even if you confirmed a moment ago.</source>
        <translation>Deze handeling vraagt altijd een nieuwe code, ook als u net bevestigd hebt.</translation>
    </message>
    <message>
        <source>Changes to records need your second factor. After this check you can keep working without a code for 5 minutes; the status bar shows the time left.</source>
        <translation>Wijzigingen aan fiches vragen uw tweede factor. Na deze controle kunt u 5 minuten zonder code verder werken; de statusbalk toont de resterende tijd.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Bevestigen</translation>
    </message>
    <message>
        <source>xxxxx-xxxxx</source>
        <translation>xxxxx-xxxxx</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>Herstelcode</translation>
    </message>
    <message>
        <source>Use the code from the authenticator app instead</source>
        <translation>In de plaats de code van de authenticator-app gebruiken</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>code van 6 cijfers</translation>
    </message>
    <message>
        <source>Authenticator code</source>
        <translation>Authenticatorcode</translation>
    </message>
    <message>
        <source>Lost your phone? Use a recovery code</source>
        <translation>GSM kwijt? Gebruik een herstelcode</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Controleren…</translation>
    </message>
</context>
<context>
    <name>TerminateDialog</name>
    <message>
        <source>Terminate the account</source>
        <translation>Het account opzeggen</translation>
    </message>
    <message>
        <source>Terminate</source>
        <translation>Opzeggen</translation>
    </message>
    <message>
        <source>Required: why the customer leaves</source>
        <translation>Verplicht: waarom de klant vertrekt</translation>
    </message>
    <message>
        <source>Takes effect</source>
        <translation>Gaat in op</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>A later day schedules the termination; the services run until then. A supervisor can reactivate the account within {days} days.</source>
        <translation>Een latere dag plant de opzegging; de diensten lopen tot dan. Een supervisor kan het account binnen {days} dagen heractiveren.</translation>
    </message>
</context>
<context>
    <name>TerminationPreview</name>
    <message>
        <source>Working out what ends…</source>
        <translation>Berekenen wat er stopt…</translation>
    </message>
    <message>
        <source>Services that end</source>
        <translation>Diensten die stoppen</translation>
    </message>
    <message>
        <source>No running services.</source>
        <translation>Geen lopende diensten.</translation>
    </message>
    <message>
        <source>ends; its number is {fate}</source>
        <translation>stopt; het nummer wordt {fate}</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Facturatie</translation>
    </message>
    <message>
        <source>Billing data</source>
        <translation>Facturatiegegevens</translation>
    </message>
    <message>
        <source>Open invoices</source>
        <translation>Openstaande facturen</translation>
    </message>
    <message>
        <source>{n} open; balance {balance}</source>
        <translation>{n} open; saldo {balance}</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Behouden</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wie</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>system</source>
        <translation>systeem</translation>
    </message>
</context>
<context>
    <name>UnsubscribeImportDialog</name>
    <message>
        <source>Import newsletter unsubscribes</source>
        <translation>Uitschrijvingen nieuwsbrief importeren</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>Geen bestand gekozen.</translation>
    </message>
    <message>
        <source>&amp;Choose file…</source>
        <translation>Bestand &amp;kiezen…</translation>
    </message>
    <message>
        <source>Newsletter withdrawn</source>
        <translation>Nieuwsbrief ingetrokken</translation>
    </message>
    <message>
        <source>Already off</source>
        <translation>Stond al uit</translation>
    </message>
    <message>
        <source>Not on file</source>
        <translation>Niet gekend</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Toepassen</translation>
    </message>
    <message>
        <source>Newsletter unsubscribe list</source>
        <translation>Uitschrijvingslijst nieuwsbrief</translation>
    </message>
    <message>
        <source>The mail system&apos;s list of addresses that used the unsubscribe link: a UTF-8 text file, one address a line. You see what it does before anything is changed.</source>
        <translation>De lijst uit het mailsysteem met de adressen die de uitschrijflink gebruikten: een UTF-8-tekstbestand, één adres per regel. U ziet wat ze doet voor er iets verandert.</translation>
    </message>
    <message>
        <source>Choose the unsubscribe list</source>
        <translation>De uitschrijvingslijst kiezen</translation>
    </message>
    <message>
        <source>Text files (*.txt *.csv);;All files (*)</source>
        <translation>Tekstbestanden (*.txt *.csv);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>Checking the list…</source>
        <translation>De lijst wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>Nothing is changed until you press Apply.</source>
        <translation>Er verandert niets tot u op Toepassen drukt.</translation>
    </message>
    <message>
        <source>Nothing to apply: no customer on the list gets it.</source>
        <translation>Niets toe te passen: geen enkele klant op de lijst krijgt hem.</translation>
    </message>
    <message>
        <source>Applied.</source>
        <translation>Toegepast.</translation>
    </message>
    <message>
        <source>Not applied: it needs your second factor.</source>
        <translation>Niet toegepast: uw tweede factor is nodig.</translation>
    </message>
</context>
<context>
    <name>VerificationDialog</name>
    <message>
        <source>Identity check</source>
        <translation>Identiteitscontrole</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Verder</translation>
    </message>
    <message>
        <source>Choose how…</source>
        <translation>Kies hoe…</translation>
    </message>
    <message>
        <source>How did you verify that the caller is the customer?</source>
        <translation>Hoe hebt u gecontroleerd dat de beller de klant is?</translation>
    </message>
</context>
<context>
    <name>_AdminPage</name>
    <message>
        <source>The first administrator</source>
        <translation>De eerste beheerder</translation>
    </message>
    <message>
        <source>Administrators add staff, reset second factors and read the audit trail.</source>
        <translation>Beheerders voegen personeel toe, stellen tweede factoren opnieuw in en lezen het auditlogboek.</translation>
    </message>
    <message>
        <source>Choose a long password you do not use anywhere else.</source>
        <translation>Kies een lang wachtwoord dat u nergens anders gebruikt.</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Gebruikersnaam</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Wachtwoord</translation>
    </message>
    <message>
        <source>&amp;Repeat password</source>
        <translation>Wachtwoord &amp;herhalen</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>Beheerder aanmaken</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>De twee wachtwoorden verschillen; typ twee keer hetzelfde wachtwoord.</translation>
    </message>
</context>
<context>
    <name>_AuthenticatorPage</name>
    <message>
        <source>Set up your authenticator app</source>
        <translation>Uw authenticator-app instellen</translation>
    </message>
    <message>
        <source>Scan the code with the app, or type the secret into it. Write the recovery codes down and keep them somewhere safe: each one replaces a code once if you lose your phone.</source>
        <translation>Scan de code met de app, of typ het geheim erin. Schrijf de herstelcodes op en bewaar ze op een veilige plek: elke code vervangt één keer een code als u uw GSM verliest.</translation>
    </message>
    <message>
        <source>Copy secret</source>
        <translation>Geheim kopiëren</translation>
    </message>
    <message>
        <source>&lt;b&gt;Secret&lt;/b&gt; (if you cannot scan):</source>
        <translation>&lt;b&gt;Geheim&lt;/b&gt; (als u niet kunt scannen):</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recovery codes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Herstelcodes&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>_ConfirmPage</name>
    <message>
        <source>Confirm with a first code</source>
        <translation>Bevestigen met een eerste code</translation>
    </message>
    <message>
        <source>Enter the six digits the app shows now. This proves the app is set up and signs you in.</source>
        <translation>Geef de zes cijfers die de app nu toont. Zo blijkt dat de app ingesteld is, en wordt u aangemeld.</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>code van 6 cijfers</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>&amp;Code</translation>
    </message>
</context>
<context>
    <name>_IntroPage</name>
    <message>
        <source>Welcome to the privacy desk</source>
        <translation>Welkom bij de privacydesk</translation>
    </message>
    <message>
        <source>&lt;p&gt;This database is new: &lt;b&gt;{0}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;The assistant creates its first administrator. You need:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;a user name and a password of your choice;&lt;/li&gt;&lt;li&gt;an authenticator app on your phone (for example FreeOTP, Aegis or Google Authenticator) to scan a QR code.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Every change to customer data later asks for a code from that app.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Deze databank is nieuw: &lt;b&gt;{0}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;De assistent maakt de eerste beheerder aan. U hebt nodig:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;een gebruikersnaam en een wachtwoord naar keuze;&lt;/li&gt;&lt;li&gt;een authenticator-app op uw GSM (bijvoorbeeld FreeOTP, Aegis of Google Authenticator) om een QR-code te scannen.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Elke wijziging aan klantgegevens vraagt later een code uit die app.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>address_fields</name>
    <message>
        <source>Private address</source>
        <translation>Privéadres</translation>
    </message>
    <message>
        <source>Business address</source>
        <translation>Bedrijfsadres</translation>
    </message>
    <message>
        <source>Billing address</source>
        <translation>Facturatieadres</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Straat</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Gemeente</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Remove this address</source>
        <translation>Dit adres verwijderen</translation>
    </message>
    <message>
        <source>None on record</source>
        <translation>Niets geregistreerd</translation>
    </message>
</context>
<context>
    <name>branch sync</name>
    <message>
        <source>{database} is not a branch copy of a central database.</source>
        <translation>{database} is geen filiaalkopie van een centrale databank.</translation>
    </message>
</context>
<context>
    <name>conflicts</name>
    <message>
        <source>customer {account}</source>
        <translation>klant {account}</translation>
    </message>
    <message>
        <source>a customer no longer on file</source>
        <translation>een klant die niet meer gekend is</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>geen klant</translation>
    </message>
    <message>
        <source>the central database</source>
        <translation>de centrale databank</translation>
    </message>
    <message>
        <source>branch {name}</source>
        <translation>filiaal {name}</translation>
    </message>
    <message>
        <source>kept the central value</source>
        <translation>centrale waarde behouden</translation>
    </message>
    <message>
        <source>took the branch&apos;s value</source>
        <translation>waarde van het filiaal overgenomen</translation>
    </message>
    <message>
        <source>set a typed value</source>
        <translation>getypte waarde ingevuld</translation>
    </message>
    <message>
        <source>{resolution} ({who}, {when})</source>
        <translation>{resolution} ({who}, {when})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
</context>
<context>
    <name>customer</name>
    <message>
        <source>Newsletter</source>
        <translation>Nieuwsbrief</translation>
    </message>
    <message>
        <source>Product updates</source>
        <translation>Productnieuws</translation>
    </message>
    <message>
        <source>Disclosure to third parties</source>
        <translation>Verstrekking aan derden</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefoon</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Brief</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>Persoonlijk</translation>
    </message>
    <message>
        <source>Unsubscribe link</source>
        <translation>Uitschrijflink</translation>
    </message>
    <message>
        <source>Sign-up</source>
        <translation>Inschrijving</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>Sms</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Betaald</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Te laat</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Vervallen</translation>
    </message>
</context>
<context>
    <name>customer_list</name>
    <message>
        <source>Active</source>
        <translation>Actief</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>Opgezegd</translation>
    </message>
    <message>
        <source>Erased</source>
        <translation>Gewist</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Bedrijf</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefoon</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Something went wrong ({kind}). The work on screen is kept; try again, and tell IT if it keeps happening.</source>
        <translation>Er liep iets mis ({kind}). Het werk op het scherm blijft bewaard; probeer opnieuw, en verwittig IT als het blijft gebeuren.</translation>
    </message>
    <message>
        <source>voxprivacy</source>
        <translation>voxprivacy</translation>
    </message>
</context>
<context>
    <name>rectify_change</name>
    <message>
        <source>Choose a field…</source>
        <translation>Kies een veld…</translation>
    </message>
    <message>
        <source>Corrected value</source>
        <translation>Verbeterde waarde</translation>
    </message>
    <message>
        <source>Remove this change</source>
        <translation>Deze verbetering verwijderen</translation>
    </message>
</context>
<context>
    <name>request_detail</name>
    <message>
        <source>Identity verified</source>
        <translation>Identiteit gecontroleerd</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geopend</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Goedgekeurd</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Geweigerd</translation>
    </message>
    <message>
        <source>Deadline extended</source>
        <translation>Termijn verlengd</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <source>Billing part released</source>
        <translation>Facturatiedeel vrijgegeven</translation>
    </message>
</context>
<context>
    <name>requests_queue</name>
    <message>
        <source>Access</source>
        <translation>Inzage</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>Rechtzetting</translation>
    </message>
    <message>
        <source>Erasure</source>
        <translation>Wissing</translation>
    </message>
    <message>
        <source>Restriction</source>
        <translation>Beperking</translation>
    </message>
    <message>
        <source>Objection</source>
        <translation>Bezwaar</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <source>Pending approval</source>
        <translation>Wacht op goedkeuring</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Goedgekeurd</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Geweigerd</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Afgerond</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>vervalt vandaag</translation>
    </message>
    <message>
        <source>{days} · urgent</source>
        <translation>{days} · dringend</translation>
    </message>
    <message>
        <source>{days} · due soon</source>
        <translation>{days} · bijna verlopen</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Financiën</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Beheerder</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Lock the desk after this many idle minutes</source>
        <translation>De desk vergrendelen na zoveel minuten zonder activiteit</translation>
    </message>
    <message>
        <source>Shared PostgreSQL database (empty: this computer)</source>
        <translation>Gedeelde PostgreSQL-databank (leeg: deze computer)</translation>
    </message>
    <message>
        <source>Head office server (https://host:port)</source>
        <translation>Server van het hoofdkantoor (https://host:poort)</translation>
    </message>
    <message>
        <source>Server certificate&apos;s SHA-256 fingerprint</source>
        <translation>SHA-256-vingerafdruk van het servercertificaat</translation>
    </message>
    <message>
        <source>Trusted workstation (opens PostgreSQL directly)</source>
        <translation>Vertrouwd werkstation (opent PostgreSQL rechtstreeks)</translation>
    </message>
    <message>
        <source>Language of the desk</source>
        <translation>Taal van de desk</translation>
    </message>
</context>
<context>
    <name>status_bar</name>
    <message>
        <source>Local encrypted database</source>
        <translation>Lokale versleutelde databank</translation>
    </message>
    <message>
        <source>Local SQLite file (not encrypted)</source>
        <translation>Lokaal SQLite-bestand (niet versleuteld)</translation>
    </message>
    <message>
        <source>Shared PostgreSQL {where}</source>
        <translation>Gedeelde PostgreSQL {where}</translation>
    </message>
    <message>
        <source>Head office server {where}</source>
        <translation>Server van het hoofdkantoor {where}</translation>
    </message>
    <message>
        <source>Branch {name} (encrypted local copy)</source>
        <translation>Filiaal {name} (versleutelde lokale kopie)</translation>
    </message>
    <message>
        <source>Branch {name} (local copy, not encrypted)</source>
        <translation>Filiaal {name} (lokale kopie, niet versleuteld)</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>niets wacht</translation>
    </message>
    <message>
        <source>No sync conflicts</source>
        <translation>Geen synchronisatieconflicten</translation>
    </message>
</context>
</TS>
