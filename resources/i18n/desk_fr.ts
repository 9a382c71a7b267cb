<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AccountActions</name>
    <message>
        <source>Terminate…</source>
        <translation>Résilier…</translation>
    </message>
    <message>
        <source>End the relationship: today or on a later day</source>
        <translation>Mettre fin à la relation : aujourd&apos;hui ou à une date ultérieure</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>Réactiver…</translation>
    </message>
    <message>
        <source>Withdraw termination…</source>
        <translation>Annuler la résiliation…</translation>
    </message>
    <message>
        <source>The termination scheduled for {day} is withdrawn; the account stays active.</source>
        <translation>La résiliation prévue le {day} est annulée ; le compte reste actif.</translation>
    </message>
    <message>
        <source>The account becomes active again. Services that ended stay ended (their numbers may be gone): add them again if the customer wants them. Possible within {days} days of the termination.</source>
        <translation>Le compte redevient actif. Les services arrêtés le restent (leurs numéros ont pu être réattribués) : ajoutez-les à nouveau si le client le souhaite. Possible dans les {days} jours suivant la résiliation.</translation>
    </message>
    <message>
        <source>Reactivate the account</source>
        <translation>Réactiver le compte</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Réactiver</translation>
    </message>
</context>
<context>
    <name>AddStaffDialog</name>
    <message>
        <source>Add a staff member</source>
        <translation>Ajouter un membre du personnel</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d&apos;utilisateur</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Initial password</source>
        <translation>Mot de passe initial</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Confirmer le mot de passe</translation>
    </message>
    <message>
        <source>The new member changes the password after the first sign-in. Adding a member asks for your code; then you get their QR code to hand over.</source>
        <translation>Le nouveau membre change son mot de passe après sa première connexion. L&apos;ajout demande votre code ; vous recevez ensuite son code QR à lui remettre.</translation>
    </message>
    <message>
        <source>Add member</source>
        <translation>Ajouter le membre</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>Les deux mots de passe diffèrent ; tapez deux fois le même mot de passe.</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Champs</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <source>customer {account}</source>
        <translation>client {account}</translation>
    </message>
    <message>
        <source>staff {name}</source>
        <translation>membre {name}</translation>
    </message>
</context>
<context>
    <name>AuditViewWidget</name>
    <message>
        <source>Audit trail</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Vérifier la chaîne</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>nom d&apos;utilisateur</translation>
    </message>
    <message>
        <source>e.g. customer.</source>
        <translation>p. ex. customer.</translation>
    </message>
    <message>
        <source>account number or user name</source>
        <translation>numéro de client ou nom d&apos;utilisateur</translation>
    </message>
    <message>
        <source>What happened to one customer or staff member: their account number, user name or id</source>
        <translation>Ce qui est arrivé à un client ou à un membre du personnel : son numéro de client, son nom d&apos;utilisateur ou son identifiant</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>Apply filters</source>
        <translation>Appliquer les filtres</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Action starts with</source>
        <translation>Action commençant par</translation>
    </message>
    <message>
        <source>Customer account or staff</source>
        <translation>Compte client ou membre du personnel</translation>
    </message>
    <message>
        <source>Load older events</source>
        <translation>Charger des événements plus anciens</translation>
    </message>
    <message>
        <source>The audit trail is for supervisors and admins.</source>
        <translation>Le journal d&apos;audit est réservé aux superviseurs et aux administrateurs.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>No events match these filters.</source>
        <translation>Aucun événement ne correspond à ces filtres.</translation>
    </message>
    <message>
        <source>The audit trail is empty.</source>
        <translation>Le journal d&apos;audit est vide.</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) shown</source>
        <translation>
            <numerusform>%n événement affiché</numerusform>
            <numerusform>%n événements affichés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n newest event(s) shown</source>
        <translation>
            <numerusform>%n événement le plus récent affiché</numerusform>
            <numerusform>%n événements les plus récents affichés</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>Vérification de la chaîne d&apos;audit…</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact: %n entry(s)</source>
        <translation>
            <numerusform>Chaîne intacte : %n entrée</numerusform>
            <numerusform>Chaîne intacte : %n entrées</numerusform>
        </translation>
    </message>
    <message>
        <source>Chain BROKEN at entry {seq}: {problem}</source>
        <translation>Chaîne ROMPUE à l&apos;entrée {seq} : {problem}</translation>
    </message>
    <message>
        <source>The chain could not be verified: {reason}</source>
        <translation>La chaîne n&apos;a pas pu être vérifiée : {reason}</translation>
    </message>
</context>
<context>
    <name>BillingTab</name>
    <message>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <source>{brand}  •••• {last4}   expires {expiry}</source>
        <translation>{brand}  •••• {last4}   expire {expiry}</translation>
    </message>
    <message>
        <source>Card on file</source>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Changer…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Retirer…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Record a card…</source>
        <translation>Nouvelle carte…</translation>
    </message>
    <message>
        <source>Nothing open</source>
        <translation>Rien d&apos;ouvert</translation>
    </message>
    <message>
        <source>Open balance</source>
        <translation>Solde dû</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Factures</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Facturation</translation>
    </message>
    <message>
        <source>Remove a card</source>
        <translation>Supprimer une carte</translation>
    </message>
    <message>
        <source>Remove {brand} ending {last4} from file?</source>
        <translation>Supprimer la carte {brand} se terminant par {last4} ?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>Record a card</source>
        <translation>Enregistrer une carte</translation>
    </message>
    <message>
        <source>Replace a card</source>
        <translation>Remplacer une carte</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>tok_… as the payment processor returned it</source>
        <translation>tok_… tel que renvoyé par le prestataire de paiement</translation>
    </message>
    <message>
        <source>4242</source>
        <translation>4242</translation>
    </message>
    <message>
        <source>MM/YY</source>
        <translation>MM/AA</translation>
    </message>
    <message>
        <source>Processor token</source>
        <translation>Jeton du prestataire</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>Marque</translation>
    </message>
    <message>
        <source>Last four digits</source>
        <translation>Quatre derniers chiffres</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Expiration</translation>
    </message>
    <message>
        <source>Never type the card number or the security code: the payment processor keeps the card and gives us a token.</source>
        <translation>Ne tapez jamais le numéro de carte ni le code de sécurité : le prestataire de paiement garde la carte et nous donne un jeton.</translation>
    </message>
</context>
<context>
    <name>ChangesModel</name>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Après</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
</context>
<context>
    <name>ConfirmErasureDialog</name>
    <message>
        <source>Carry out the erasure</source>
        <translation>Procéder à l&apos;effacement</translation>
    </message>
    <message>
        <source>Erase the customer</source>
        <translation>Effacer le client</translation>
    </message>
    <message>
        <source>Request {ref}: erase {customer}. Their personal data is removed from every table and copy; this cannot be undone.</source>
        <translation>Demande {ref} : effacer {customer}. Ses données personnelles sont supprimées de toutes les tables et de toutes les copies ; c&apos;est irréversible.</translation>
    </message>
</context>
<context>
    <name>ConflictDetail</name>
    <message>
        <source>Choose a conflict in the list to settle it.</source>
        <translation>Choisissez un conflit dans la liste pour le régler.</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Ouvrir le client</translation>
    </message>
    <message>
        <source>Show this customer&apos;s record</source>
        <translation>Afficher la fiche de ce client</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>Modifié le</translation>
    </message>
    <message>
        <source>Central value</source>
        <translation>Valeur centrale</translation>
    </message>
    <message>
        <source>Branch value</source>
        <translation>Valeur de l&apos;agence</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Keep central</source>
        <translation>Garder la centrale</translation>
    </message>
    <message>
        <source>The record keeps the value it has at the central database</source>
        <translation>La fiche garde la valeur qu&apos;elle a dans la base centrale</translation>
    </message>
    <message>
        <source>Keep branch</source>
        <translation>Garder l&apos;agence</translation>
    </message>
    <message>
        <source>Set value…</source>
        <translation>Saisir la valeur…</translation>
    </message>
    <message>
        <source>Type the right value yourself</source>
        <translation>Tapez vous-même la bonne valeur</translation>
    </message>
    <message>
        <source>{what} of {customer}</source>
        <translation>{what} de {customer}</translation>
    </message>
    <message>
        <source>{where}, by {who} (noticed {when})</source>
        <translation>{where}, par {who} (constaté {when})</translation>
    </message>
    <message>
        <source>{where} (noticed {when})</source>
        <translation>{where} (constaté {when})</translation>
    </message>
    <message>
        <source>Open: the record holds the central value until a supervisor decides.</source>
        <translation>Ouvert : la fiche garde la valeur centrale jusqu&apos;à la décision d&apos;un superviseur.</translation>
    </message>
    <message>
        <source>Settled {when} by {who}: {resolution}.</source>
        <translation>Réglé {when} par {who} : {resolution}.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>The central database refused this change: enter it again by hand if it is still wanted, then keep the central value</source>
        <translation>La base centrale a refusé cette modification : saisissez-la à nouveau à la main si elle est toujours souhaitée, puis gardez la valeur centrale</translation>
    </message>
    <message>
        <source>The branch&apos;s value replaces it, at the centre and at every branch</source>
        <translation>La valeur de l&apos;agence la remplace, à la centrale et dans chaque agence</translation>
    </message>
    <message>
        <source>A typed value is possible only for a text field of a record</source>
        <translation>Une valeur saisie n&apos;est possible que pour un champ texte d&apos;une fiche</translation>
    </message>
    <message>
        <source>Settled: {resolution} for the {what} of {customer}.</source>
        <translation>Réglé : {resolution} pour {what} de {customer}.</translation>
    </message>
    <message>
        <source>Not settled: it needs your second factor.</source>
        <translation>Non réglé : il faut votre second facteur.</translation>
    </message>
    <message>
        <source>Not settled: {reason}</source>
        <translation>Non réglé : {reason}</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Agence</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Central value</source>
        <translation>Valeur centrale</translation>
    </message>
    <message>
        <source>Branch value</source>
        <translation>Valeur de l&apos;agence</translation>
    </message>
    <message>
        <source>Changed at the branch by</source>
        <translation>Modifié à l&apos;agence par</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>Réglé</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Synchronisation conflicts</source>
        <translation>Conflits de synchronisation</translation>
    </message>
    <message>
        <source>The central database and a branch changed the same thing differently. The record keeps the central value until you decide; your decision reaches every branch.</source>
        <translation>La base centrale et une agence ont modifié la même donnée différemment. La fiche garde la valeur centrale jusqu&apos;à votre décision ; celle-ci est transmise à toutes les agences.</translation>
    </message>
    <message>
        <source>Show &amp;settled conflicts too</source>
        <translation>Afficher aussi les conflits &amp;réglés</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Load the conflicts again</source>
        <translation>Recharger les conflits</translation>
    </message>
    <message numerus="yes">
        <source>%n open conflict(s)</source>
        <translation>
            <numerusform>%n conflit ouvert</numerusform>
            <numerusform>%n conflits ouverts</numerusform>
        </translation>
    </message>
    <message>
        <source>No conflicts are waiting: the central database and the branches agree.</source>
        <translation>Aucun conflit en attente : la base centrale et les agences sont d&apos;accord.</translation>
    </message>
    <message>
        <source>There have been no synchronisation conflicts.</source>
        <translation>Il n&apos;y a eu aucun conflit de synchronisation.</translation>
    </message>
</context>
<context>
    <name>ConsentChangeDialog</name>
    <message>
        <source>Record a consent decision</source>
        <translation>Enregistrer une décision de consentement</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>The customer &lt;b&gt;grants&lt;/b&gt; consent to: {purpose}.</source>
        <translation>Le client &lt;b&gt;donne&lt;/b&gt; son consentement pour : {purpose}.</translation>
    </message>
    <message>
        <source>The customer &lt;b&gt;withdraws&lt;/b&gt; consent to: {purpose}.</source>
        <translation>Le client &lt;b&gt;retire&lt;/b&gt; son consentement pour : {purpose}.</translation>
    </message>
    <message>
        <source>optional: call reference, letter date, …</source>
        <translation>facultatif : référence d&apos;appel, date du courrier, …</translation>
    </message>
    <message>
        <source>How the customer said it</source>
        <translation>Comment le client l&apos;a exprimé</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Preuve</translation>
    </message>
</context>
<context>
    <name>ConsentHistoryModel</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Finalité</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origine</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Preuve</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Enregistré par</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>Donné</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Retiré</translation>
    </message>
    <message>
        <source>system</source>
        <translation>système</translation>
    </message>
</context>
<context>
    <name>ConsentsTab</name>
    <message>
        <source>The newsletter by email</source>
        <translation>La newsletter par e-mail</translation>
    </message>
    <message>
        <source>News about features, coverage and other products</source>
        <translation>Nouvelles sur les fonctions, la couverture et nos autres produits</translation>
    </message>
    <message>
        <source>Passing personal data to a third party</source>
        <translation>Transmission de données personnelles à un tiers</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>Consentements</translation>
    </message>
    <message>
        <source>Off: the customer was never asked</source>
        <translation>Non : la question n&apos;a jamais été posée au client</translation>
    </message>
    <message>
        <source>On: granted {when} via {source}</source>
        <translation>Oui : donné {when} via {source}</translation>
    </message>
    <message>
        <source>Off: withdrawn {when} via {source}</source>
        <translation>Non : retiré {when} via {source}</translation>
    </message>
</context>
<context>
    <name>ContactTab</name>
    <message>
        <source>Identity &amp;&amp; contact</source>
        <translation>Identité &amp;&amp; contact</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Private customer</source>
        <translation>Client particulier</translation>
    </message>
    <message>
        <source>Business customer</source>
        <translation>Client professionnel</translation>
    </message>
    <message>
        <source>Customer since</source>
        <translation>Client depuis</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Email (primary)</source>
        <translation>E-mail (principal)</translation>
    </message>
    <message>
        <source>Other emails</source>
        <translation>Autres e-mails</translation>
    </message>
    <message>
        <source>Add an email</source>
        <translation>Ajouter un e-mail</translation>
    </message>
    <message>
        <source>Remove an email</source>
        <translation>Supprimer un e-mail</translation>
    </message>
    <message>
        <source>(keep all)</source>
        <translation>(tout garder)</translation>
    </message>
    <message>
        <source>Phone (primary)</source>
        <translation>Téléphone (principal)</translation>
    </message>
    <message>
        <source>Other phones</source>
        <translation>Autres téléphones</translation>
    </message>
    <message>
        <source>Add a phone</source>
        <translation>Ajouter un téléphone</translation>
    </message>
    <message>
        <source>Remove a phone</source>
        <translation>Supprimer un téléphone</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>Canal préféré</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Adresses</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>overdue by %n day(s)</source>
        <translation>
            <numerusform>en retard de %n jour</numerusform>
            <numerusform>en retard de %n jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n changement en attente</numerusform>
            <numerusform>%n changements en attente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sync conflict(s)</source>
        <translation>
            <numerusform>%n conflit de synchronisation</numerusform>
            <numerusform>%n conflits de synchronisation</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerListWidget</name>
    <message>
        <source>Search customers: name, email, phone or account number (Ctrl+F)</source>
        <translation>Rechercher un client : nom, e-mail, téléphone ou numéro de client (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search customers: name, company or account number (Ctrl+F)</source>
        <translation>Rechercher un client : nom, société ou numéro de client (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Rechercher des clients</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Type a name, email, phone or account number</source>
        <translation>Tapez un nom, un e-mail, un téléphone ou un numéro de client</translation>
    </message>
    <message>
        <source>Type a name, company or account number</source>
        <translation>Tapez un nom, une société ou un numéro de client</translation>
    </message>
    <message>
        <source>No customer matches “{0}”.</source>
        <translation>Aucun client ne correspond à « {0} ».</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <source>Showing the first {0} customers — scroll for more.</source>
        <translation>Les {0} premiers clients sont affichés — faites défiler pour en voir plus.</translation>
    </message>
    <message>
        <source>Showing the first {0} customers — refine the search to find others.</source>
        <translation>Les {0} premiers clients sont affichés — précisez la recherche pour trouver les autres.</translation>
    </message>
    <message>
        <source>Customers found: {0}</source>
        <translation>Clients trouvés : {0}</translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <source>← Back</source>
        <translation>← Retour</translation>
    </message>
    <message>
        <source>Back to the list (Esc)</source>
        <translation>Retour à la liste (Échap)</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Correct this record ({key})</source>
        <translation>Corriger cette fiche ({key})</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop editing and drop the changes (Esc)</source>
        <translation>Arrêter la modification et abandonner les changements (Échap)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Save the changes ({key}); asks for your code when needed</source>
        <translation>Enregistrer les changements ({key}) ; demande votre code si nécessaire</translation>
    </message>
    <message>
        <source>Use current values</source>
        <translation>Reprendre les valeurs actuelles</translation>
    </message>
    <message>
        <source>Keep my changes</source>
        <translation>Garder mes changements</translation>
    </message>
    <message>
        <source>Keep what you typed and save it over the other change</source>
        <translation>Garder ce que vous avez tapé et l&apos;enregistrer par-dessus l&apos;autre modification</translation>
    </message>
    <message>
        <source>Opening the customer…</source>
        <translation>Ouverture du client…</translation>
    </message>
    <message>
        <source>The customer could not be opened.
{reason}</source>
        <translation>Le client n&apos;a pas pu être ouvert.
{reason}</translation>
    </message>
    <message>
        <source>Erased customer</source>
        <translation>Client effacé</translation>
    </message>
    <message>
        <source>Business customer</source>
        <translation>Client professionnel</translation>
    </message>
    <message>
        <source>Private customer</source>
        <translation>Client particulier</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>Résilié</translation>
    </message>
    <message>
        <source>Erased</source>
        <translation>Effacé</translation>
    </message>
    <message>
        <source>This customer&apos;s personal data was erased. Only the account number and the dates remain: customer since {created}, relationship ended {ended}.</source>
        <translation>Les données personnelles de ce client ont été effacées. Seuls le numéro de client et les dates restent : client depuis le {created}, fin de la relation le {ended}.</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(inconnu)</translation>
    </message>
    <message>
        <source>This account was terminated on {ended}. Its services have ended; the record and its consents are kept, and nothing is disclosed to third parties without the customer&apos;s consent.</source>
        <translation>Ce compte a été résilié le {ended}. Ses services sont arrêtés ; la fiche et ses consentements sont conservés, et rien n&apos;est communiqué à des tiers sans le consentement du client.</translation>
    </message>
    <message>
        <source>This account is to be terminated on {day}: its services run until then and end that day.</source>
        <translation>Ce compte sera résilié le {day} : ses services fonctionnent jusque-là et s&apos;arrêtent ce jour-là.</translation>
    </message>
    <message>
        <source>Nothing else is kept about this customer.</source>
        <translation>Rien d&apos;autre n&apos;est conservé sur ce client.</translation>
    </message>
    <message>
        <source>Privacy requests</source>
        <translation>Demandes RGPD</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Not saved: {reason} Your changes are still here.</source>
        <translation>Non enregistré : {reason} Vos changements sont toujours là.</translation>
    </message>
    <message>
        <source>This change affects running services</source>
        <translation>Cette modification touche des services en cours</translation>
    </message>
    <message>
        <source>Saving this change affects {services}:</source>
        <translation>Enregistrer cette modification touche {services} :</translation>
    </message>
    <message numerus="yes">
        <source>%n running service(s)</source>
        <translation>
            <numerusform>%n service en cours</numerusform>
            <numerusform>%n services en cours</numerusform>
        </translation>
    </message>
    <message>
        <source>Tell the customer before you save.</source>
        <translation>Prévenez le client avant d&apos;enregistrer.</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Enregistrer quand même</translation>
    </message>
    <message>
        <source>keeps running without it until the record is completed</source>
        <translation>continue sans cette donnée jusqu&apos;à ce que la fiche soit complétée</translation>
    </message>
    <message>
        <source>goes on with the new value</source>
        <translation>continue avec la nouvelle valeur</translation>
    </message>
    <message>
        <source>Not saved. Your changes are still here; press Save to try again.</source>
        <translation>Non enregistré. Vos changements sont toujours là ; appuyez sur Enregistrer pour réessayer.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>Not saved: the change needs your second factor. Your changes are still here; press Save to try again.</source>
        <translation>Non enregistré : la modification demande votre second facteur. Vos changements sont toujours là ; appuyez sur Enregistrer pour réessayer.</translation>
    </message>
    <message>
        <source>Not saved: please correct the marked fields.</source>
        <translation>Non enregistré : corrigez les champs signalés.</translation>
    </message>
    <message>
        <source>Not saved: please correct the marked field.</source>
        <translation>Non enregistré : corrigez le champ signalé.</translation>
    </message>
    <message>
        <source>{field} is now “{value}”</source>
        <translation>{field} vaut maintenant « {value} »</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>the status is now {status}</source>
        <translation>le statut est maintenant {status}</translation>
    </message>
    <message>
        <source>other parts of the record changed</source>
        <translation>d&apos;autres parties de la fiche ont changé</translation>
    </message>
    <message>
        <source>Changed by someone else meanwhile: {details}. Nothing was saved; your changes are still here. Use the current values, or keep your changes and save again.</source>
        <translation>Modifié entre-temps par quelqu&apos;un d&apos;autre : {details}. Rien n&apos;a été enregistré ; vos changements sont toujours là. Reprenez les valeurs actuelles, ou gardez vos changements et enregistrez à nouveau.</translation>
    </message>
    <message>
        <source>Your changes are kept. Save again to replace the other change.</source>
        <translation>Vos changements sont gardés. Enregistrez à nouveau pour remplacer l&apos;autre modification.</translation>
    </message>
    <message>
        <source>Discard your changes?</source>
        <translation>Abandonner vos changements ?</translation>
    </message>
    <message>
        <source>Editing ends and the record keeps its saved values.</source>
        <translation>La modification s&apos;arrête et la fiche garde ses valeurs enregistrées.</translation>
    </message>
    <message>
        <source>Leave this customer and discard your changes?</source>
        <translation>Quitter ce client et abandonner vos changements ?</translation>
    </message>
    <message>
        <source>What you typed here is not saved.</source>
        <translation>Ce que vous avez tapé ici n&apos;est pas enregistré.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Changements non enregistrés</translation>
    </message>
</context>
<context>
    <name>CustomerRequestsTab</name>
    <message>
        <source>New request…</source>
        <translation>Nouvelle demande…</translation>
    </message>
    <message>
        <source>Record disclosure…</source>
        <translation>Enregistrer une communication…</translation>
    </message>
    <message>
        <source>Privacy requests</source>
        <translation>Demandes RGPD</translation>
    </message>
    <message>
        <source>Disclosures to third parties</source>
        <translation>Communications à des tiers</translation>
    </message>
    <message>
        <source>No privacy requests from this customer.</source>
        <translation>Aucune demande RGPD de ce client.</translation>
    </message>
    <message>
        <source>Nothing was disclosed to third parties.</source>
        <translation>Rien n&apos;a été communiqué à des tiers.</translation>
    </message>
</context>
<context>
    <name>DemoAccountsPanel</name>
    <message>
        <source>Demo accounts</source>
        <translation>Comptes de démonstration</translation>
    </message>
    <message>
        <source>Demo only: these accounts and codes exist in this throwaway database, which is deleted when the desk closes. The code is what an authenticator app would show now; each code works once.</source>
        <translation>Démonstration uniquement : ces comptes et ces codes n&apos;existent que dans cette base jetable, supprimée à la fermeture du poste. Le code est celui qu&apos;afficherait maintenant une application d&apos;authentification ; chaque code ne sert qu&apos;une fois.</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Code now</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Utiliser</translation>
    </message>
    <message>
        <source>Fill the sign-in form with this account</source>
        <translation>Remplir le formulaire de connexion avec ce compte</translation>
    </message>
    <message>
        <source>Password of {0}</source>
        <translation>Mot de passe de {0}</translation>
    </message>
    <message>
        <source>New codes in {0} s</source>
        <translation>Nouveaux codes dans {0} s</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>Preparing a demo database with {0} invented customers…</source>
        <translation>Préparation d&apos;une base de démonstration avec {0} clients fictifs…</translation>
    </message>
    <message>
        <source>voxprivacy demo</source>
        <translation>voxprivacy démo</translation>
    </message>
    <message>
        <source>voxprivacy</source>
        <translation>voxprivacy</translation>
    </message>
    <message>
        <source>The database was rolled back; erased customers stay erased.</source>
        <translation>La base de données a été restaurée ; les clients effacés le restent.</translation>
    </message>
    <message>
        <source>The desk cannot start.</source>
        <translation>Le poste ne peut pas démarrer.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <source>DEMO — {0}</source>
        <translation>DÉMO — {0}</translation>
    </message>
    <message>
        <source>Demo database (deleted when the desk closes)</source>
        <translation>Base de démonstration (supprimée à la fermeture du poste)</translation>
    </message>
    <message>
        <source>Head office server {0}</source>
        <translation>Serveur du siège {0}</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>DEMO</source>
        <translation>DÉMO</translation>
    </message>
    <message>
        <source>A throwaway demo database, deleted at exit</source>
        <translation>Une base de démonstration jetable, supprimée à la sortie</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <source>Synchronisation with the central database</source>
        <translation>Synchronisation avec la base centrale</translation>
    </message>
    <message>
        <source>Show the synchronisation conflicts</source>
        <translation>Afficher les conflits de synchronisation</translation>
    </message>
    <message>
        <source>{user} ({role})</source>
        <translation>{user} ({role})</translation>
    </message>
    <message>
        <source>2FA: {0:d}:{1:02d} left</source>
        <translation>2FA : encore {0:d}:{1:02d}</translation>
    </message>
    <message>
        <source>2FA: not active</source>
        <translation>2FA : inactif</translation>
    </message>
    <message>
        <source>Local copy unavailable — {0}</source>
        <translation>Copie locale indisponible — {0}</translation>
    </message>
    <message>
        <source>Connection to the head office server lost — {0}</source>
        <translation>Connexion au serveur du siège perdue — {0}</translation>
    </message>
    <message>
        <source>Offline — {0}</source>
        <translation>Hors ligne — {0}</translation>
    </message>
    <message>
        <source>Synchronising…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Not synchronised</source>
        <translation>Non synchronisé</translation>
    </message>
    <message>
        <source>Branch copy</source>
        <translation>Copie d&apos;agence</translation>
    </message>
    <message>
        <source>never synchronised</source>
        <translation>jamais synchronisé</translation>
    </message>
    <message>
        <source>synced {0}</source>
        <translation>synchronisé {0}</translation>
    </message>
    <message>
        <source>last sync {0}</source>
        <translation>dernière synchro {0}</translation>
    </message>
    <message>
        <source>Central database: {0}</source>
        <translation>Base centrale : {0}</translation>
    </message>
    <message>
        <source>Last synchronised: {0}</source>
        <translation>Dernière synchronisation : {0}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>Last error: {0}</source>
        <translation>Dernière erreur : {0}</translation>
    </message>
    <message>
        <source>Click to synchronise now (F9).</source>
        <translation>Cliquez pour synchroniser maintenant (F9).</translation>
    </message>
</context>
<context>
    <name>DisclosureModel</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Enregistré par</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>Base légale</translation>
    </message>
</context>
<context>
    <name>EndServiceDialog</name>
    <message>
        <source>End a service</source>
        <translation>Arrêter un service</translation>
    </message>
    <message>
        <source>End the service</source>
        <translation>Arrêter le service</translation>
    </message>
    <message>
        <source>Its number</source>
        <translation>Son numéro</translation>
    </message>
    <message>
        <source>The service stops now. A released number rests before anyone else can get it; a ported number goes to the customer&apos;s new provider.</source>
        <translation>Le service s&apos;arrête maintenant. Un numéro libéré reste en réserve avant d&apos;être réattribué ; un numéro porté part chez le nouvel opérateur du client.</translation>
    </message>
</context>
<context>
    <name>EnrollmentDialog</name>
    <message>
        <source>Authenticator for {user}</source>
        <translation>Authentificateur de {user}</translation>
    </message>
    <message>
        <source>QR code for the authenticator app</source>
        <translation>Code QR pour l&apos;application d&apos;authentification</translation>
    </message>
    <message>
        <source>Hand this over to &lt;b&gt;{user}&lt;/b&gt; in person. They scan the QR code with their authenticator app (or type the secret), and keep the recovery codes somewhere safe: each works once if the phone is lost. This is shown only now.</source>
        <translation>Remettez ceci en main propre à &lt;b&gt;{user}&lt;/b&gt;. Il scanne le code QR avec son application d&apos;authentification (ou tape le secret) et garde les codes de secours en lieu sûr : chacun sert une fois si le téléphone est perdu. Ceci n&apos;est affiché que maintenant.</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Secret</translation>
    </message>
    <message>
        <source>Recovery codes</source>
        <translation>Codes de secours</translation>
    </message>
    <message>
        <source>Copy secret and codes</source>
        <translation>Copier le secret et les codes</translation>
    </message>
    <message>
        <source>User: {user}
Secret: {secret}
Recovery codes:
{codes}</source>
        <translation>Utilisateur : {user}
Secret : {secret}
Codes de secours :
{codes}</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <source>Not accepted: {message}</source>
        <translation>Refusé : {message}</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up voxprivacy</source>
        <translation>Configurer voxprivacy</translation>
    </message>
</context>
<context>
    <name>IdentityCheckDialog</name>
    <message>
        <source>Identity check</source>
        <translation>Vérification d&apos;identité</translation>
    </message>
    <message>
        <source>How did you verify the caller&apos;s identity?</source>
        <translation>Comment avez-vous vérifié l&apos;identité de l&apos;appelant ?</translation>
    </message>
    <message>
        <source>The change is saved with the method you choose (never with any value the caller gave). If you could not verify them, cancel: nothing is saved.</source>
        <translation>La modification est enregistrée avec la méthode choisie (jamais avec une valeur donnée par l&apos;appelant). Si vous n&apos;avez pas pu le vérifier, annulez : rien n&apos;est enregistré.</translation>
    </message>
    <message>
        <source>Verified: save</source>
        <translation>Vérifié : enregistrer</translation>
    </message>
</context>
<context>
    <name>ImpactPreview</name>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>No running services.</source>
        <translation>Aucun service en cours.</translation>
    </message>
    <message>
        <source>ends</source>
        <translation>s&apos;arrête</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>conservé</translation>
    </message>
    <message>
        <source>loses {fields}</source>
        <translation>perd {fields}</translation>
    </message>
    <message>
        <source>needs nothing from the record</source>
        <translation>n&apos;a besoin de rien dans la fiche</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Facturation</translation>
    </message>
    <message>
        <source>Billing data</source>
        <translation>Données de facturation</translation>
    </message>
    <message numerus="yes">
        <source>%n open invoice(s); balance {balance}</source>
        <translation>
            <numerusform>%n facture ouverte ; solde {balance}</numerusform>
            <numerusform>%n factures ouvertes ; solde {balance}</numerusform>
        </translation>
    </message>
    <message>
        <source>No open invoices</source>
        <translation>Aucune facture ouverte</translation>
    </message>
    <message>
        <source>Open invoices</source>
        <translation>Factures ouvertes</translation>
    </message>
    <message>
        <source>Kept under the pseudonym</source>
        <translation>Conservé sous le pseudonyme</translation>
    </message>
</context>
<context>
    <name>InteractionModel</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
</context>
<context>
    <name>InteractionsTab</name>
    <message>
        <source>Add an interaction</source>
        <translation>Ajouter une interaction</translation>
    </message>
    <message>
        <source>What was asked, what was done…</source>
        <translation>Ce qui a été demandé, ce qui a été fait…</translation>
    </message>
    <message>
        <source>Add interaction</source>
        <translation>Ajouter l&apos;interaction</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <source>Load older interactions</source>
        <translation>Charger des interactions plus anciennes</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>Interactions</translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{shown} sur {total}</translation>
    </message>
</context>
<context>
    <name>InvoiceModel</name>
    <message>
        <source>Invoice</source>
        <translation>Facture</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Émise le</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payée</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>The desk is locked</source>
        <translation>Le poste est verrouillé</translation>
    </message>
    <message>
        <source>Signed in as {0}. Enter your password to continue; your work is kept as you left it.</source>
        <translation>Connecté en tant que {0}. Entrez votre mot de passe pour continuer ; votre travail est gardé tel que vous l&apos;avez laissé.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Sign in as someone else</source>
        <translation>Se connecter sous un autre nom</translation>
    </message>
    <message>
        <source>Sign {0} out (unsaved changes are asked about first) and show the sign-in</source>
        <translation>Déconnecter {0} (les changements non enregistrés sont demandés d&apos;abord) et afficher la connexion</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>Se reconnecter</translation>
    </message>
    <message>
        <source>{0}, the head office server ended your session. Enter your password to sign in again; your work is kept as you left it.</source>
        <translation>{0}, le serveur du siège a mis fin à votre session. Entrez votre mot de passe pour vous reconnecter ; votre travail est gardé tel que vous l&apos;avez laissé.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>voxprivacy — privacy desk</source>
        <translation>voxprivacy — guichet vie privée</translation>
    </message>
    <message>
        <source>DEMO — {0}</source>
        <translation>DÉMO — {0}</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Sections</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Demandes</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflits</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Conservation</translation>
    </message>
    <message>
        <source>DEMO — a throwaway database with invented customers; it is deleted when the desk closes. Do not enter real data.</source>
        <translation>DÉMO — une base jetable avec des clients fictifs ; elle est supprimée à la fermeture du poste. N&apos;y entrez pas de vraies données.</translation>
    </message>
    <message>
        <source>Demo accounts</source>
        <translation>Comptes de démonstration</translation>
    </message>
    <message>
        <source>{page} ({shortcut})</source>
        <translation>{page} ({shortcut})</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Register customer…</source>
        <translation>&amp;Inscrire un client…</translation>
    </message>
    <message>
        <source>Import newsletter &amp;unsubscribes…</source>
        <translation>Importer les &amp;désinscriptions à la newsletter…</translation>
    </message>
    <message>
        <source>S&amp;ynchronise now</source>
        <translation>S&amp;ynchroniser maintenant</translation>
    </message>
    <message>
        <source>Send this branch&apos;s changes to the central database and fetch theirs</source>
        <translation>Envoyer les changements de cette agence à la base centrale et récupérer les siens</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Aller à</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About voxprivacy</source>
        <translation>À &amp;propos de voxprivacy</translation>
    </message>
    <message>
        <source>Find customer</source>
        <translation>Trouver un client</translation>
    </message>
    <message>
        <source>About voxprivacy</source>
        <translation>À propos de voxprivacy</translation>
    </message>
    <message>
        <source>&lt;b&gt;voxprivacy {0}&lt;/b&gt;&lt;p&gt;The privacy desk: customer records, consents and privacy requests, with a tamper-evident audit trail.&lt;/p&gt;</source>
        <translation>&lt;b&gt;voxprivacy {0}&lt;/b&gt;&lt;p&gt;Le guichet vie privée : fiches clients, consentements et demandes RGPD, avec un journal d&apos;audit infalsifiable.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Changements non enregistrés</translation>
    </message>
    <message>
        <source>The customer record has changes that are not saved. Close the desk and discard them?</source>
        <translation>La fiche client a des changements non enregistrés. Fermer le poste et les abandonner ?</translation>
    </message>
</context>
<context>
    <name>OpenRequestDialog</name>
    <message>
        <source>New privacy request</source>
        <translation>Nouvelle demande RGPD</translation>
    </message>
    <message>
        <source>New privacy request for {customer}</source>
        <translation>Nouvelle demande RGPD pour {customer}</translation>
    </message>
    <message>
        <source>What does the customer ask for?</source>
        <translation>Que demande le client ?</translation>
    </message>
    <message>
        <source>&amp;Access</source>
        <translation>&amp;Accès</translation>
    </message>
    <message>
        <source>A copy of everything we hold about them, as JSON and a readable report.</source>
        <translation>Une copie de tout ce que nous détenons à son sujet, en JSON et sous forme de rapport lisible.</translation>
    </message>
    <message>
        <source>&amp;Rectification</source>
        <translation>&amp;Rectification</translation>
    </message>
    <message>
        <source>Correct data that is wrong; each before and after is kept.</source>
        <translation>Corriger des données erronées ; chaque valeur avant et après est conservée.</translation>
    </message>
    <message>
        <source>&amp;Erasure</source>
        <translation>&amp;Effacement</translation>
    </message>
    <message>
        <source>Delete their personal data. A supervisor who did not open it must approve.</source>
        <translation>Supprimer ses données personnelles. Un superviseur qui ne l&apos;a pas ouverte doit l&apos;approuver.</translation>
    </message>
    <message>
        <source>Re&amp;striction</source>
        <translation>&amp;Limitation</translation>
    </message>
    <message>
        <source>Keep their data but stop using it for the purposes below until it is lifted.</source>
        <translation>Garder ses données mais ne plus les utiliser pour les finalités ci-dessous jusqu&apos;à la levée.</translation>
    </message>
    <message>
        <source>&amp;Objection</source>
        <translation>&amp;Opposition</translation>
    </message>
    <message>
        <source>Their consent to the purposes below is withdrawn, with this request.</source>
        <translation>Son consentement aux finalités ci-dessous est retiré, avec cette demande.</translation>
    </message>
    <message>
        <source>How did you verify the caller&apos;s identity?</source>
        <translation>Comment avez-vous vérifié l&apos;identité de l&apos;appelant ?</translation>
    </message>
    <message>
        <source>Required: a request is opened only for a verified caller. You are recorded as the person who verified them, now.</source>
        <translation>Obligatoire : une demande n&apos;est ouverte que pour un appelant vérifié. Vous êtes enregistré comme la personne qui l&apos;a vérifié, maintenant.</translation>
    </message>
    <message>
        <source>Which purposes?</source>
        <translation>Quelles finalités ?</translation>
    </message>
    <message>
        <source>&amp;Newsletter</source>
        <translation>&amp;Newsletter</translation>
    </message>
    <message>
        <source>&amp;Product updates</source>
        <translation>&amp;Nouveautés produits</translation>
    </message>
    <message>
        <source>&amp;Disclosure to third parties</source>
        <translation>&amp;Communication à des tiers</translation>
    </message>
    <message>
        <source>Optional: what exactly was asked, call reference…</source>
        <translation>Facultatif : ce qui a été demandé exactement, référence d&apos;appel…</translation>
    </message>
    <message>
        <source>What erasing this customer would do</source>
        <translation>Ce que ferait l&apos;effacement de ce client</translation>
    </message>
    <message>
        <source>Open request</source>
        <translation>Ouvrir la demande</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>Open erasure request</source>
        <translation>Ouvrir la demande d&apos;effacement</translation>
    </message>
    <message>
        <source>Working out what erasing would do…</source>
        <translation>Calcul de ce que ferait l&apos;effacement…</translation>
    </message>
    <message>
        <source>Nothing is erased yet: this is what carrying out the request would do, once approved.</source>
        <translation>Rien n&apos;est encore effacé : voici ce que ferait la demande une fois approuvée.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Extend by</source>
        <translation>Prolonger de</translation>
    </message>
    <message>
        <source>Required: why, in a sentence</source>
        <translation>Obligatoire : pourquoi, en une phrase</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
</context>
<context>
    <name>ReasonOnlyDialog</name>
    <message>
        <source>Required: why, in a sentence</source>
        <translation>Obligatoire : pourquoi, en une phrase</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
</context>
<context>
    <name>RecordDisclosureDialog</name>
    <message>
        <source>Record a disclosure to a third party</source>
        <translation>Enregistrer une communication à un tiers</translation>
    </message>
    <message>
        <source>Only with the customer&apos;s current consent to disclosure to third parties. The consent that allowed it is recorded as the basis.</source>
        <translation>Uniquement avec le consentement actuel du client à la communication à des tiers. Le consentement qui l&apos;autorise est enregistré comme base légale.</translation>
    </message>
    <message>
        <source>e.g. Swiss Post, debt collection agency</source>
        <translation>p. ex. bpost, société de recouvrement</translation>
    </message>
    <message>
        <source>Which data was passed on, and why</source>
        <translation>Quelles données ont été transmises, et pourquoi</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrer</translation>
    </message>
</context>
<context>
    <name>RectifyDialog</name>
    <message>
        <source>Correct the customer&apos;s data</source>
        <translation>Corriger les données du client</translation>
    </message>
    <message>
        <source>Correct and complete</source>
        <translation>Corriger et clôturer</translation>
    </message>
    <message>
        <source>Enter each correction the customer asked for. The values before and after are kept with the request; an empty value clears the field.</source>
        <translation>Saisissez chaque correction demandée par le client. Les valeurs avant et après sont gardées avec la demande ; une valeur vide efface le champ.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Actuel</translation>
    </message>
    <message>
        <source>Correct to</source>
        <translation>Corriger en</translation>
    </message>
    <message>
        <source>Add another field</source>
        <translation>Ajouter un autre champ</translation>
    </message>
</context>
<context>
    <name>RegisterCustomerDialog</name>
    <message>
        <source>Newsletter</source>
        <translation>Newsletter</translation>
    </message>
    <message>
        <source>Product updates</source>
        <translation>Nouveautés produits</translation>
    </message>
    <message>
        <source>Disclosure to third parties</source>
        <translation>Communication à des tiers</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
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
        <translation>Courrier</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>En personne</translation>
    </message>
    <message>
        <source>Sign-up</source>
        <translation>Inscription</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Poste</translation>
    </message>
    <message>
        <source>Register customer</source>
        <translation>Inscrire un client</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>&amp;Private</source>
        <translation>&amp;Particulier</translation>
    </message>
    <message>
        <source>&amp;Business</source>
        <translation>&amp;Professionnel</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>full name (of the contact person)</source>
        <translation>nom complet (de la personne de contact)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>business customers only</source>
        <translation>clients professionnels uniquement</translation>
    </message>
    <message>
        <source>Com&amp;pany</source>
        <translation>Soc&amp;iété</translation>
    </message>
    <message>
        <source>e.g. en, de, fr-CH</source>
        <translation>p. ex. en, de, fr-CH</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>Canal préféré</translation>
    </message>
    <message>
        <source>optional; never a card number</source>
        <translation>facultatif ; jamais un numéro de carte</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>the primary email address</source>
        <translation>l&apos;adresse e-mail principale</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>optional: another address</source>
        <translation>facultatif : une autre adresse</translation>
    </message>
    <message>
        <source>Another email</source>
        <translation>Autre e-mail</translation>
    </message>
    <message>
        <source>with country code, e.g. +49 30 1234567</source>
        <translation>avec l&apos;indicatif du pays, p. ex. +32 2 123 45 67</translation>
    </message>
    <message>
        <source>P&amp;hone</source>
        <translation>Télép&amp;hone</translation>
    </message>
    <message>
        <source>optional: another number</source>
        <translation>facultatif : un autre numéro</translation>
    </message>
    <message>
        <source>Another phone</source>
        <translation>Autre téléphone</translation>
    </message>
    <message>
        <source>street and number</source>
        <translation>rue et numéro</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Rue</translation>
    </message>
    <message>
        <source>Postal code, city</source>
        <translation>Code postal, localité</translation>
    </message>
    <message>
        <source>two letters, e.g. DE</source>
        <translation>deux lettres, p. ex. BE</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Initial consents</source>
        <translation>Consentements initiaux</translation>
    </message>
    <message>
        <source>How the customer said it</source>
        <translation>Comment le client l&apos;a exprimé</translation>
    </message>
    <message>
        <source>optional: form number, call reference, …</source>
        <translation>facultatif : numéro de formulaire, référence d&apos;appel, …</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Preuve</translation>
    </message>
    <message>
        <source>A purpose left unticked is recorded as not asked.</source>
        <translation>Une finalité non cochée est enregistrée comme « jamais demandé ».</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Inscrire</translation>
    </message>
    <message>
        <source>Register a new customer</source>
        <translation>Inscrire un nouveau client</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Localité</translation>
    </message>
    <message>
        <source>&lt;b&gt;Business address&lt;/b&gt;</source>
        <translation>&lt;b&gt;Adresse professionnelle&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Private address&lt;/b&gt;</source>
        <translation>&lt;b&gt;Adresse privée&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>Entrez le nom du client.</translation>
    </message>
    <message>
        <source>Not registered: it needs your second factor. Press Register to try again.</source>
        <translation>Non inscrit : il faut votre second facteur. Appuyez sur Inscrire pour réessayer.</translation>
    </message>
    <message>
        <source>Not registered: please correct the marked fields.</source>
        <translation>Non inscrit : corrigez les champs signalés.</translation>
    </message>
    <message>
        <source>Not registered: please correct the marked field.</source>
        <translation>Non inscrit : corrigez le champ signalé.</translation>
    </message>
    <message>
        <source>Not registered: {reason}</source>
        <translation>Non inscrit : {reason}</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Inscription…</translation>
    </message>
    <message>
        <source>Register anyway</source>
        <translation>Inscrire quand même</translation>
    </message>
    <message>
        <source>&lt;b&gt;Possibly already a customer.&lt;/b&gt; Open the existing record, or register anyway if this is someone else.</source>
        <translation>&lt;b&gt;Peut-être déjà client.&lt;/b&gt; Ouvrez la fiche existante, ou inscrivez quand même s&apos;il s&apos;agit de quelqu&apos;un d&apos;autre.</translation>
    </message>
    <message>
        <source>Open existing</source>
        <translation>Ouvrir la fiche existante</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Privacy requests per month</source>
        <translation>Demandes RGPD par mois</translation>
    </message>
    <message>
        <source>Register of disclosures</source>
        <translation>Registre des communications</translation>
    </message>
    <message>
        <source>Consent statistics</source>
        <translation>Statistiques des consentements</translation>
    </message>
    <message>
        <source>Consent ledger</source>
        <translation>Registre des consentements</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>nom d&apos;utilisateur</translation>
    </message>
    <message>
        <source>e.g. request.</source>
        <translation>p. ex. request.</translation>
    </message>
    <message>
        <source>account number</source>
        <translation>numéro de client</translation>
    </message>
    <message>
        <source>Run report</source>
        <translation>Lancer le rapport</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Save the report shown as CSV or JSON</source>
        <translation>Enregistrer le rapport affiché en CSV ou en JSON</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Action starts with</source>
        <translation>Action commençant par</translation>
    </message>
    <message>
        <source>Customer account</source>
        <translation>Compte client</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <source>Reports are for supervisors and admins.</source>
        <translation>Les rapports sont réservés aux superviseurs et aux administrateurs.</translation>
    </message>
    <message>
        <source>Running the report…</source>
        <translation>Exécution du rapport…</translation>
    </message>
    <message numerus="yes">
        <source>{title}: %n row(s)</source>
        <translation>
            <numerusform>{title} : %n ligne</numerusform>
            <numerusform>{title} : %n lignes</numerusform>
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
        <translation>Exporter le rapport</translation>
    </message>
    <message>
        <source>The report was not saved: {reason}</source>
        <translation>Le rapport n&apos;a pas été enregistré : {reason}</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Enregistré dans {path}</translation>
    </message>
</context>
<context>
    <name>RequestDetailDialog</name>
    <message>
        <source>Privacy request {ref}</source>
        <translation>Demande RGPD {ref}</translation>
    </message>
</context>
<context>
    <name>RequestDetailWidget</name>
    <message>
        <source>Choose a request in the queue to see it here.</source>
        <translation>Choisissez une demande dans la file pour l&apos;afficher ici.</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Ouvrir le client</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Approuver…</translation>
    </message>
    <message>
        <source>Approve the erasure (asks for a fresh code) — {keys}</source>
        <translation>Approuver l&apos;effacement (demande un nouveau code) — {keys}</translation>
    </message>
    <message>
        <source>Deny…</source>
        <translation>Refuser…</translation>
    </message>
    <message>
        <source>Deny the erasure and tell the customer why — {keys}</source>
        <translation>Refuser l&apos;effacement et dire au client pourquoi — {keys}</translation>
    </message>
    <message>
        <source>Complete…</source>
        <translation>Clôturer…</translation>
    </message>
    <message>
        <source>Extend…</source>
        <translation>Prolonger…</translation>
    </message>
    <message>
        <source>Extend the deadline once, by up to two months</source>
        <translation>Prolonger l&apos;échéance une fois, de deux mois au plus</translation>
    </message>
    <message>
        <source>Cancel request…</source>
        <translation>Annuler la demande…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ouvrir le dossier</translation>
    </message>
    <message>
        <source>What erasing this customer does</source>
        <translation>Ce que fait l&apos;effacement de ce client</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Corrections</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <source>{kind} request</source>
        <translation>Demande de type {kind}</translation>
    </message>
    <message>
        <source>in force until lifted</source>
        <translation>en vigueur jusqu&apos;à la levée</translation>
    </message>
    <message>
        <source>Extended once: {reason}</source>
        <translation>Prolongée une fois : {reason}</translation>
    </message>
    <message>
        <source>Not extended (received {received})</source>
        <translation>Non prolongée (reçue le {received})</translation>
    </message>
    <message>
        <source>Verified by {who} via {how}, {when}</source>
        <translation>Vérifiée par {who} via {how}, {when}</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(inconnu)</translation>
    </message>
    <message>
        <source>Denied by {who} on {when}: {reason}</source>
        <translation>Refusée par {who} le {when} : {reason}</translation>
    </message>
    <message>
        <source>Approved by {who} on {when}</source>
        <translation>Approuvée par {who} le {when}</translation>
    </message>
    <message>
        <source>Waiting for a supervisor who did not open it (opened by {who})</source>
        <translation>En attente d&apos;un superviseur qui ne l&apos;a pas ouverte (ouverte par {who})</translation>
    </message>
    <message>
        <source>Cancelled: {reason}</source>
        <translation>Annulée : {reason}</translation>
    </message>
    <message>
        <source>Completed by {who} on {when}</source>
        <translation>Clôturée par {who} le {when}</translation>
    </message>
    <message>
        <source>Complete: write the package…</source>
        <translation>Clôturer : écrire le dossier…</translation>
    </message>
    <message>
        <source>Complete: correct the data…</source>
        <translation>Clôturer : corriger les données…</translation>
    </message>
    <message>
        <source>Complete: erase the customer…</source>
        <translation>Clôturer : effacer le client…</translation>
    </message>
    <message>
        <source>Lift the restriction…</source>
        <translation>Lever la limitation…</translation>
    </message>
    <message>
        <source>Access package files deleted:
{paths}</source>
        <translation>Fichiers du dossier d&apos;accès supprimés :
{paths}</translation>
    </message>
    <message>
        <source>Delete these access package files by hand; this workstation cannot reach them:
{paths}</source>
        <translation>Supprimez ces fichiers du dossier d&apos;accès à la main ; ce poste ne peut pas y accéder :
{paths}</translation>
    </message>
    <message>
        <source>Ask IT to run VACUUM on: {tables}</source>
        <translation>Demandez à l&apos;informatique d&apos;exécuter VACUUM sur : {tables}</translation>
    </message>
    <message>
        <source>Deny the erasure</source>
        <translation>Refuser l&apos;effacement</translation>
    </message>
    <message>
        <source>Deny request {ref}? The customer&apos;s data stays; tell them why. The reason is kept with the request.</source>
        <translation>Refuser la demande {ref} ? Les données du client restent ; dites-lui pourquoi. Le motif est gardé avec la demande.</translation>
    </message>
    <message>
        <source>Deny</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Extend the deadline</source>
        <translation>Prolonger l&apos;échéance</translation>
    </message>
    <message>
        <source>Request {ref} is due {due}. A deadline can be extended once, by up to two months; the customer must be told why.</source>
        <translation>La demande {ref} arrive à échéance le {due}. Une échéance peut être prolongée une fois, de deux mois au plus ; le client doit en être informé avec le motif.</translation>
    </message>
    <message>
        <source>Extend</source>
        <translation>Prolonger</translation>
    </message>
    <message>
        <source>Cancel the request</source>
        <translation>Annuler la demande</translation>
    </message>
    <message>
        <source>Cancel request {ref}, for example because the customer withdrew it?</source>
        <translation>Annuler la demande {ref}, par exemple parce que le client l&apos;a retirée ?</translation>
    </message>
    <message>
        <source>Cancel request</source>
        <translation>Annuler la demande</translation>
    </message>
    <message>
        <source>Lift the restriction</source>
        <translation>Lever la limitation</translation>
    </message>
    <message>
        <source>Lift restriction {ref}? The customer&apos;s data may be used again for: {purposes}.</source>
        <translation>Lever la limitation {ref} ? Les données du client pourront à nouveau être utilisées pour : {purposes}.</translation>
    </message>
    <message>
        <source>Lift restriction</source>
        <translation>Lever la limitation</translation>
    </message>
    <message>
        <source>Where should the customer&apos;s package be written?</source>
        <translation>Où écrire le dossier du client ?</translation>
    </message>
    <message>
        <source>The package was written:
{paths}</source>
        <translation>Le dossier a été écrit :
{paths}</translation>
    </message>
    <message>
        <source>Billing data ({what}) is not in it: a finance member releases it with &apos;voxprivacy-admin request release-billing {reference} --out DIR&apos;.</source>
        <translation>Les données de facturation ({what}) n&apos;y sont pas : un membre des finances les transmet avec &apos;voxprivacy-admin request release-billing {reference} --out DIR&apos;.</translation>
    </message>
</context>
<context>
    <name>RequestsChart</name>
    <message>
        <source>Requests opened, completed and overdue each month; below, the median days</source>
        <translation>Demandes ouvertes, clôturées et en retard chaque mois ; en dessous, la médiane des jours</translation>
    </message>
    <message>
        <source> a completed request took.</source>
        <translation> qu&apos;a pris une demande clôturée.</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Ouvertes</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Clôturées</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <source>Median days to complete</source>
        <translation>Médiane des jours jusqu&apos;à la clôture</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçue le</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Jours restants</translation>
    </message>
</context>
<context>
    <name>RequestsQueueWidget</name>
    <message>
        <source>Privacy requests</source>
        <translation>Demandes RGPD</translation>
    </message>
    <message>
        <source>Show requests</source>
        <translation>Afficher les demandes</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvertes</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Customer account</source>
        <translation>Compte client</translation>
    </message>
    <message>
        <source>Only this customer&apos;s requests (account number); empty shows everyone&apos;s</source>
        <translation>Uniquement les demandes de ce client (numéro de client) ; vide affiche celles de tous</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Load the queue again (F5)</source>
        <translation>Recharger la file (F5)</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Ouvrir le client</translation>
    </message>
    <message>
        <source>Show the selected request&apos;s customer</source>
        <translation>Afficher le client de la demande sélectionnée</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Afficher</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n demande</numerusform>
            <numerusform>%n demandes</numerusform>
        </translation>
    </message>
    <message>
        <source>, {n} overdue</source>
        <translation>, {n} en retard</translation>
    </message>
    <message>
        <source>No requests match.</source>
        <translation>Aucune demande ne correspond.</translation>
    </message>
</context>
<context>
    <name>RetentionPage</name>
    <message>
        <source>Choose a kind of data to see what is due.</source>
        <translation>Choisissez un type de données pour voir ce qui arrive à échéance.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Set period…</source>
        <translation>Fixer la durée…</translation>
    </message>
    <message>
        <source>Asks for a fresh code</source>
        <translation>Demande un nouveau code</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Run now…</source>
        <translation>Lancer maintenant…</translation>
    </message>
    <message>
        <source>Removes what is due; asks for a fresh code</source>
        <translation>Supprime ce qui arrive à échéance ; demande un nouveau code</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Keep for</source>
        <translation>Garder pendant</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Conservation</translation>
    </message>
    <message>
        <source>{name} — {label}: kept {days} days after {start}.</source>
        <translation>{name} — {label} : gardé {days} jours après {start}.</translation>
    </message>
    <message>
        <source>Schedule and what is due now</source>
        <translation>Calendrier et échéances actuelles</translation>
    </message>
    <message>
        <source>What is due</source>
        <translation>Ce qui arrive à échéance</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Exécutions</translation>
    </message>
    <message>
        <source>Retention is for supervisors and admins.</source>
        <translation>La conservation est réservée aux superviseurs et aux administrateurs.</translation>
    </message>
    <message>
        <source>Looking for what is due…</source>
        <translation>Recherche de ce qui arrive à échéance…</translation>
    </message>
    <message>
        <source>{n} due now (as of {at}).</source>
        <translation>{n} à échéance maintenant (au {at}).</translation>
    </message>
    <message>
        <source>Nothing is due (as of {at}).</source>
        <translation>Rien n&apos;arrive à échéance (au {at}).</translation>
    </message>
    <message>
        <source>{n} due (finance sees which).</source>
        <translation>{n} à échéance (les finances voient lesquels).</translation>
    </message>
    <message>
        <source>Held back: {why}</source>
        <translation>Retenu : {why}</translation>
    </message>
    <message>
        <source>Nothing of this kind is due.</source>
        <translation>Rien de ce type n&apos;arrive à échéance.</translation>
    </message>
    <message>
        <source>{kind}: kept {days} days.</source>
        <translation>{kind} : gardé {days} jours.</translation>
    </message>
    <message>
        <source>Run the retention schedule</source>
        <translation>Exécuter le calendrier de conservation</translation>
    </message>
    <message>
        <source>Remove the {n} items due now? Terminated customers are anonymised as an erasure is; this cannot be undone.</source>
        <translation>Supprimer les {n} éléments à échéance ? Les clients résiliés sont anonymisés comme lors d&apos;un effacement ; c&apos;est irréversible.</translation>
    </message>
    <message>
        <source>Removed {n}.</source>
        <translation>{n} supprimés.</translation>
    </message>
    <message>
        <source>Delete by hand: {files}</source>
        <translation>À supprimer à la main : {files}</translation>
    </message>
</context>
<context>
    <name>RunsModel</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Supprimés</translation>
    </message>
    <message>
        <source>nothing was due</source>
        <translation>rien n&apos;était à échéance</translation>
    </message>
</context>
<context>
    <name>ScheduleModel</name>
    <message>
        <source>Kind of data</source>
        <translation>Type de données</translation>
    </message>
    <message>
        <source>Kept (days)</source>
        <translation>Gardé (jours)</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <source>At least</source>
        <translation>Au moins</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>À échéance</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>Retenus</translation>
    </message>
    <message>
        <source>Counted from {start}; at least {n} days: {why}.</source>
        <translation>Compté à partir de {start} ; au moins {n} jours : {why}.</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <source>Add a service</source>
        <translation>Ajouter un service</translation>
    </message>
    <message>
        <source>Change a service</source>
        <translation>Modifier un service</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Needs from the record</source>
        <translation>Besoins dans la fiche</translation>
    </message>
    <message>
        <source>Service details</source>
        <translation>Détails du service</translation>
    </message>
    <message>
        <source>nothing from the record</source>
        <translation>rien dans la fiche</translation>
    </message>
    <message>
        <source>+49 30 1234567</source>
        <translation>+32 2 123 45 67</translation>
    </message>
    <message>
        <source>name@example.org</source>
        <translation>nom@example.org</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un nombre entier</translation>
    </message>
    <message>
        <source>in cents, e.g. 2000</source>
        <translation>en cents, p. ex. 2000</translation>
    </message>
</context>
<context>
    <name>ServicesTab</name>
    <message>
        <source>Add a service…</source>
        <translation>Ajouter un service…</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>This customer has no services.</source>
        <translation>Ce client n&apos;a aucun service.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Suspendu</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>{day}; its number was {fate}</source>
        <translation>{day} ; son numéro a été {fate}</translation>
    </message>
    <message>
        <source>nothing from the record</source>
        <translation>rien dans la fiche</translation>
    </message>
    <message>
        <source>Removing any of these from the record stops the service</source>
        <translation>Retirer l&apos;une de ces données de la fiche arrête le service</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Besoins</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>End…</source>
        <translation>Arrêter…</translation>
    </message>
</context>
<context>
    <name>SetValueDialog</name>
    <message>
        <source>Set the value</source>
        <translation>Saisir la valeur</translation>
    </message>
    <message>
        <source>Set value</source>
        <translation>Saisir la valeur</translation>
    </message>
    <message>
        <source>Type the right {what} for {customer}. It replaces the value at the central database and at every branch.</source>
        <translation>Tapez la bonne valeur pour {what} de {customer}. Elle remplace la valeur dans la base centrale et dans chaque agence.</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Nouvelle valeur</translation>
    </message>
    <message>
        <source>Central value</source>
        <translation>Valeur centrale</translation>
    </message>
    <message>
        <source>Branch value</source>
        <translation>Valeur de l&apos;agence</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <source>This computer (encrypted local database)</source>
        <translation>Cet ordinateur (base locale chiffrée)</translation>
    </message>
    <message>
        <source>Head office server</source>
        <translation>Serveur du siège</translation>
    </message>
    <message>
        <source>PostgreSQL opened directly (trusted workstation only)</source>
        <translation>PostgreSQL ouvert directement (poste de confiance uniquement)</translation>
    </message>
    <message>
        <source>https://privacy.example.org:8443</source>
        <translation>https://privacy.example.org:8443</translation>
    </message>
    <message>
        <source>Head office server address</source>
        <translation>Adresse du serveur du siège</translation>
    </message>
    <message>
        <source>only for a self-signed certificate: AB:CD:…</source>
        <translation>uniquement pour un certificat auto-signé : AB:CD:…</translation>
    </message>
    <message>
        <source>Server certificate fingerprint</source>
        <translation>Empreinte du certificat du serveur</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>Vérifier la connexion</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>Empreinte SHA-256</translation>
    </message>
    <message>
        <source>The desk signs in through the server; this computer keeps no database password and no keys.</source>
        <translation>Le poste se connecte via le serveur ; cet ordinateur ne garde ni mot de passe de base de données ni clés.</translation>
    </message>
    <message>
        <source>postgresql://user@host/dbname</source>
        <translation>postgresql://utilisateur@hôte/base</translation>
    </message>
    <message>
        <source>kept in the system keyring</source>
        <translation>gardé dans le trousseau du système</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Unsafe: this computer then holds the database password and the master key, with which its user can bypass the second factor and the audit trail (&apos;voxprivacy-admin doctor&apos; reports it). Use the head office server instead.</source>
        <translation>Dangereux : cet ordinateur détient alors le mot de passe de la base et la clé maîtresse, avec lesquels son utilisateur peut contourner le second facteur et le journal d&apos;audit (&apos;voxprivacy-admin doctor&apos; le signale). Utilisez plutôt le serveur du siège.</translation>
    </message>
    <message>
        <source>Database changes apply the next time the desk starts.</source>
        <translation>Les changements de base de données s&apos;appliquent au prochain démarrage du poste.</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sécurité</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>As the system (%1)</source>
        <translation>Comme le système (%1)</translation>
    </message>
    <message>
        <source>The language changes the next time the desk starts.</source>
        <translation>La langue change au prochain démarrage du poste.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>A voxprivacy server answers at {0}; its certificate matches {1}.</source>
        <translation>Un serveur voxprivacy répond à {0} ; son certificat correspond à {1}.</translation>
    </message>
    <message>
        <source>A voxprivacy server answers at {0} (its certificate is trusted by this computer).</source>
        <translation>Un serveur voxprivacy répond à {0} (cet ordinateur fait confiance à son certificat).</translation>
    </message>
    <message>
        <source>Connected to {0}.</source>
        <translation>Connecté à {0}.</translation>
    </message>
    <message>
        <source>Enter a PostgreSQL URL such as postgresql://user@host/dbname.</source>
        <translation>Entrez une URL PostgreSQL comme postgresql://utilisateur@hôte/base.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — voxprivacy</source>
        <translation>Connexion — voxprivacy</translation>
    </message>
    <message>
        <source>Privacy desk</source>
        <translation>Guichet vie privée</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nom d&apos;utilisateur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>Nom d&apos;&amp;utilisateur</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>Mot de &amp;passe</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Entrez votre nom d&apos;utilisateur et votre mot de passe.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Connexion…</translation>
    </message>
</context>
<context>
    <name>StaffAdminWidget</name>
    <message>
        <source>Staff</source>
        <translation>Personnel</translation>
    </message>
    <message>
        <source>Add member…</source>
        <translation>Ajouter un membre…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Reset second factor…</source>
        <translation>Réinitialiser le second facteur…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Changer le rôle…</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>Désactiver…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Staff administration is for supervisors and admins; your role ({role}) does not include it.</source>
        <translation>La gestion du personnel est réservée aux superviseurs et aux administrateurs ; votre rôle ({role}) ne la comprend pas.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message numerus="yes">
        <source>%n staff member(s)</source>
        <translation>
            <numerusform>%n membre du personnel</numerusform>
            <numerusform>%n membres du personnel</numerusform>
        </translation>
    </message>
    <message>
        <source>{user} was added; hand over the authenticator setup.</source>
        <translation>{user} a été ajouté ; remettez-lui la configuration de l&apos;authentificateur.</translation>
    </message>
    <message>
        <source>{user} is unlocked.</source>
        <translation>{user} est déverrouillé.</translation>
    </message>
    <message>
        <source>Reset the second factor of {user}? Their authenticator and recovery codes stop working at once; you hand over a new QR code.</source>
        <translation>Réinitialiser le second facteur de {user} ? Son authentificateur et ses codes de secours cessent de fonctionner immédiatement ; vous lui remettez un nouveau code QR.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <source>The second factor of {user} was reset.</source>
        <translation>Le second facteur de {user} a été réinitialisé.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Changer le rôle</translation>
    </message>
    <message>
        <source>New role for {user}:</source>
        <translation>Nouveau rôle pour {user} :</translation>
    </message>
    <message>
        <source>{user} is now {role}.</source>
        <translation>{user} est maintenant {role}.</translation>
    </message>
    <message>
        <source>Deactivate {user}? They can no longer sign in; their name stays in the audit trail.</source>
        <translation>Désactiver {user} ? Il ne pourra plus se connecter ; son nom reste dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <source>{user} was deactivated.</source>
        <translation>{user} a été désactivé.</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>Veuillez confirmer</translation>
    </message>
</context>
<context>
    <name>StaffModel</name>
    <message>
        <source>User name</source>
        <translation>Nom d&apos;utilisateur</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Failed attempts</source>
        <translation>Tentatives échouées</translation>
    </message>
    <message>
        <source>Member since</source>
        <translation>Membre depuis</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>bloqué</translation>
    </message>
    <message>
        <source>not enrolled</source>
        <translation>non enrôlé</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actif</translation>
    </message>
</context>
<context>
    <name>StepUpDialog</name>
    <message>
        <source>Confirm with your second factor</source>
        <translation>Confirmer avec votre second facteur</translation>
    </message>
    <message>
        <source>Enter the code from your authenticator app</source>
        <translation>Entrez le code de votre application d&apos;authentification</translation>
    </message>
    <message>
        <source>This operation always asks for a fresh code, even if you confirmed a moment ago.</source>
        <translation>Cette opération demande toujours un nouveau code, même si vous avez confirmé il y a un instant.</translation>
    </message>
    <message>
        <source>Changes to records need your second factor. After this check you can keep working without a code for 5 minutes; the status bar shows the time left.</source>
        <translation>Les modifications des fiches demandent votre second facteur. Après cette vérification, vous pouvez travailler 5 minutes sans code ; la barre d&apos;état affiche le temps restant.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirmer</translation>
    </message>
    <message>
        <source>xxxxx-xxxxx</source>
        <translation>xxxxx-xxxxx</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>Code de secours</translation>
    </message>
    <message>
        <source>Use the code from the authenticator app instead</source>
        <translation>Utiliser plutôt le code de l&apos;application d&apos;authentification</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>code à 6 chiffres</translation>
    </message>
    <message>
        <source>Authenticator code</source>
        <translation>Code d&apos;authentification</translation>
    </message>
    <message>
        <source>Lost your phone? Use a recovery code</source>
        <translation>Téléphone perdu ? Utilisez un code de secours</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
<context>
    <name>TerminateDialog</name>
    <message>
        <source>Terminate the account</source>
        <translation>Résilier le compte</translation>
    </message>
    <message>
        <source>Terminate</source>
        <translation>Résilier</translation>
    </message>
    <message>
        <source>Required: why the customer leaves</source>
        <translation>Obligatoire : pourquoi le client part</translation>
    </message>
    <message>
        <source>Takes effect</source>
        <translation>Prend effet le</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>A later day schedules the termination; the services run until then. A supervisor can reactivate the account within {days} days.</source>
        <translation>Une date ultérieure programme la résiliation ; les services fonctionnent jusque-là. Un superviseur peut réactiver le compte dans les {days} jours.</translation>
    </message>
</context>
<context>
    <name>TerminationPreview</name>
    <message>
        <source>Working out what ends…</source>
        <translation>Calcul de ce qui s&apos;arrête…</translation>
    </message>
    <message>
        <source>Services that end</source>
        <translation>Services qui s&apos;arrêtent</translation>
    </message>
    <message>
        <source>No running services.</source>
        <translation>Aucun service en cours.</translation>
    </message>
    <message>
        <source>ends; its number is {fate}</source>
        <translation>s&apos;arrête ; son numéro est {fate}</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Facturation</translation>
    </message>
    <message>
        <source>Billing data</source>
        <translation>Données de facturation</translation>
    </message>
    <message>
        <source>Open invoices</source>
        <translation>Factures ouvertes</translation>
    </message>
    <message>
        <source>{n} open; balance {balance}</source>
        <translation>{n} ouvertes ; solde {balance}</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Conservé</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <source>system</source>
        <translation>système</translation>
    </message>
</context>
<context>
    <name>UnsubscribeImportDialog</name>
    <message>
        <source>Import newsletter unsubscribes</source>
        <translation>Importer les désinscriptions à la newsletter</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>Aucun fichier choisi.</translation>
    </message>
    <message>
        <source>&amp;Choose file…</source>
        <translation>&amp;Choisir un fichier…</translation>
    </message>
    <message>
        <source>Newsletter withdrawn</source>
        <translation>Newsletter retirée</translation>
    </message>
    <message>
        <source>Already off</source>
        <translation>Déjà désactivée</translation>
    </message>
    <message>
        <source>Not on file</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <source>Newsletter unsubscribe list</source>
        <translation>Liste des désinscriptions à la newsletter</translation>
    </message>
    <message>
        <source>The mail system&apos;s list of addresses that used the unsubscribe link: a UTF-8 text file, one address a line. You see what it does before anything is changed.</source>
        <translation>La liste, tirée du système d&apos;e-mailing, des adresses qui ont utilisé le lien de désinscription : un fichier texte UTF-8, une adresse par ligne. Vous voyez ce qu&apos;elle fait avant que rien ne change.</translation>
    </message>
    <message>
        <source>Choose the unsubscribe list</source>
        <translation>Choisir la liste des désinscriptions</translation>
    </message>
    <message>
        <source>Text files (*.txt *.csv);;All files (*)</source>
        <translation>Fichiers texte (*.txt *.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Checking the list…</source>
        <translation>Vérification de la liste…</translation>
    </message>
    <message>
        <source>Nothing is changed until you press Apply.</source>
        <translation>Rien ne change tant que vous n&apos;appuyez pas sur Appliquer.</translation>
    </message>
    <message>
        <source>Nothing to apply: no customer on the list gets it.</source>
        <translation>Rien à appliquer : aucun client de la liste ne la reçoit.</translation>
    </message>
    <message>
        <source>Applied.</source>
        <translation>Appliqué.</translation>
    </message>
    <message>
        <source>Not applied: it needs your second factor.</source>
        <translation>Non appliqué : il faut votre second facteur.</translation>
    </message>
</context>
<context>
    <name>VerificationDialog</name>
    <message>
        <source>Identity check</source>
        <translation>Vérification d&apos;identité</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <source>Choose how…</source>
        <translation>Choisir la méthode…</translation>
    </message>
    <message>
        <source>How did you verify that the caller is the customer?</source>
        <translation>Comment avez-vous vérifié que l&apos;appelant est bien le client ?</translation>
    </message>
</context>
<context>
    <name>_AdminPage</name>
    <message>
        <source>The first administrator</source>
        <translation>Le premier administrateur</translation>
    </message>
    <message>
        <source>Administrators add staff, reset second factors and read the audit trail.</source>
        <translation>Les administrateurs ajoutent le personnel, réinitialisent les seconds facteurs et lisent le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>Choose a long password you do not use anywhere else.</source>
        <translation>Choisissez un mot de passe long que vous n&apos;utilisez nulle part ailleurs.</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>Nom d&apos;&amp;utilisateur</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>Mot de &amp;passe</translation>
    </message>
    <message>
        <source>&amp;Repeat password</source>
        <translation>&amp;Répéter le mot de passe</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>Créer l&apos;administrateur</translation>
    </message>
    <message>
        <source>The two passwords differ; type the same password twice.</source>
        <translation>Les deux mots de passe diffèrent ; tapez deux fois le même mot de passe.</translation>
    </message>
</context>
<context>
    <name>_AuthenticatorPage</name>
    <message>
        <source>Set up your authenticator app</source>
        <translation>Configurez votre application d&apos;authentification</translation>
    </message>
    <message>
        <source>Scan the code with the app, or type the secret into it. Write the recovery codes down and keep them somewhere safe: each one replaces a code once if you lose your phone.</source>
        <translation>Scannez le code avec l&apos;application, ou tapez-y le secret. Notez les codes de secours et gardez-les en lieu sûr : chacun remplace une fois un code si vous perdez votre téléphone.</translation>
    </message>
    <message>
        <source>Copy secret</source>
        <translation>Copier le secret</translation>
    </message>
    <message>
        <source>&lt;b&gt;Secret&lt;/b&gt; (if you cannot scan):</source>
        <translation>&lt;b&gt;Secret&lt;/b&gt; (si vous ne pouvez pas scanner) :</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recovery codes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Codes de secours&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>_ConfirmPage</name>
    <message>
        <source>Confirm with a first code</source>
        <translation>Confirmer avec un premier code</translation>
    </message>
    <message>
        <source>Enter the six digits the app shows now. This proves the app is set up and signs you in.</source>
        <translation>Entrez les six chiffres que l&apos;application affiche maintenant. Cela prouve que l&apos;application est configurée et vous connecte.</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>code à 6 chiffres</translation>
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
        <translation>Bienvenue au guichet vie privée</translation>
    </message>
    <message>
        <source>&lt;p&gt;This database is new: &lt;b&gt;{0}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;The assistant creates its first administrator. You need:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;a user name and a password of your choice;&lt;/li&gt;&lt;li&gt;an authenticator app on your phone (for example FreeOTP, Aegis or Google Authenticator) to scan a QR code.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Every change to customer data later asks for a code from that app.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Cette base de données est nouvelle : &lt;b&gt;{0}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;L&apos;assistant crée son premier administrateur. Il vous faut :&lt;/p&gt;&lt;ul&gt;&lt;li&gt;un nom d&apos;utilisateur et un mot de passe de votre choix ;&lt;/li&gt;&lt;li&gt;une application d&apos;authentification sur votre téléphone (par exemple FreeOTP, Aegis ou Google Authenticator) pour scanner un code QR.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Chaque modification de données client demandera ensuite un code de cette application.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>address_fields</name>
    <message>
        <source>Private address</source>
        <translation>Adresse privée</translation>
    </message>
    <message>
        <source>Business address</source>
        <translation>Adresse professionnelle</translation>
    </message>
    <message>
        <source>Billing address</source>
        <translation>Adresse de facturation</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Rue</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Localité</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Remove this address</source>
        <translation>Supprimer cette adresse</translation>
    </message>
    <message>
        <source>None on record</source>
        <translation>Aucune enregistrée</translation>
    </message>
</context>
<context>
    <name>branch sync</name>
    <message>
        <source>{database} is not a branch copy of a central database.</source>
        <translation>{database} n&apos;est pas une copie d&apos;agence d&apos;une base centrale.</translation>
    </message>
</context>
<context>
    <name>conflicts</name>
    <message>
        <source>customer {account}</source>
        <translation>client {account}</translation>
    </message>
    <message>
        <source>a customer no longer on file</source>
        <translation>un client qui n&apos;est plus dans le fichier</translation>
    </message>
    <message>
        <source>no customer</source>
        <translation>aucun client</translation>
    </message>
    <message>
        <source>the central database</source>
        <translation>la base centrale</translation>
    </message>
    <message>
        <source>branch {name}</source>
        <translation>agence {name}</translation>
    </message>
    <message>
        <source>kept the central value</source>
        <translation>valeur centrale gardée</translation>
    </message>
    <message>
        <source>took the branch&apos;s value</source>
        <translation>valeur de l&apos;agence reprise</translation>
    </message>
    <message>
        <source>set a typed value</source>
        <translation>valeur saisie</translation>
    </message>
    <message>
        <source>{resolution} ({who}, {when})</source>
        <translation>{resolution} ({who}, {when})</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
</context>
<context>
    <name>customer</name>
    <message>
        <source>Newsletter</source>
        <translation>Newsletter</translation>
    </message>
    <message>
        <source>Product updates</source>
        <translation>Nouveautés produits</translation>
    </message>
    <message>
        <source>Disclosure to third parties</source>
        <translation>Communication à des tiers</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
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
        <translation>Courrier</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>En personne</translation>
    </message>
    <message>
        <source>Unsubscribe link</source>
        <translation>Lien de désinscription</translation>
    </message>
    <message>
        <source>Sign-up</source>
        <translation>Inscription</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Poste</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payée</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annulée</translation>
    </message>
</context>
<context>
    <name>customer_list</name>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>Résilié</translation>
    </message>
    <message>
        <source>Erased</source>
        <translation>Effacé</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Something went wrong ({kind}). The work on screen is kept; try again, and tell IT if it keeps happening.</source>
        <translation>Un problème est survenu ({kind}). Le travail à l&apos;écran est conservé ; réessayez, et prévenez l&apos;informatique si cela se reproduit.</translation>
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
        <translation>Choisir un champ…</translation>
    </message>
    <message>
        <source>Corrected value</source>
        <translation>Valeur corrigée</translation>
    </message>
    <message>
        <source>Remove this change</source>
        <translation>Retirer cette correction</translation>
    </message>
</context>
<context>
    <name>request_detail</name>
    <message>
        <source>Identity verified</source>
        <translation>Identité vérifiée</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Ouverte</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvée</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Refusée</translation>
    </message>
    <message>
        <source>Deadline extended</source>
        <translation>Échéance prolongée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Clôturée</translation>
    </message>
    <message>
        <source>Billing part released</source>
        <translation>Partie facturation transmise</translation>
    </message>
</context>
<context>
    <name>requests_queue</name>
    <message>
        <source>Access</source>
        <translation>Accès</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>Erasure</source>
        <translation>Effacement</translation>
    </message>
    <message>
        <source>Restriction</source>
        <translation>Limitation</translation>
    </message>
    <message>
        <source>Objection</source>
        <translation>Opposition</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçue</translation>
    </message>
    <message>
        <source>Pending approval</source>
        <translation>En attente d&apos;approbation</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvée</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Refusée</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Clôturée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>échéance aujourd&apos;hui</translation>
    </message>
    <message>
        <source>{days} · urgent</source>
        <translation>{days} · urgent</translation>
    </message>
    <message>
        <source>{days} · due soon</source>
        <translation>{days} · échéance proche</translation>
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
        <translation>Superviseur</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Finances</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administrateur</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Lock the desk after this many idle minutes</source>
        <translation>Verrouiller le poste après ce nombre de minutes d&apos;inactivité</translation>
    </message>
    <message>
        <source>Shared PostgreSQL database (empty: this computer)</source>
        <translation>Base PostgreSQL partagée (vide : cet ordinateur)</translation>
    </message>
    <message>
        <source>Head office server (https://host:port)</source>
        <translation>Serveur du siège (https://hôte:port)</translation>
    </message>
    <message>
        <source>Server certificate&apos;s SHA-256 fingerprint</source>
        <translation>Empreinte SHA-256 du certificat du serveur</translation>
    </message>
    <message>
        <source>Trusted workstation (opens PostgreSQL directly)</source>
        <translation>Poste de confiance (ouvre PostgreSQL directement)</translation>
    </message>
    <message>
        <source>Language of the desk</source>
        <translation>Langue du poste</translation>
    </message>
</context>
<context>
    <name>status_bar</name>
    <message>
        <source>Local encrypted database</source>
        <translation>Base locale chiffrée</translation>
    </message>
    <message>
        <source>Local SQLite file (not encrypted)</source>
        <translation>Fichier SQLite local (non chiffré)</translation>
    </message>
    <message>
        <source>Shared PostgreSQL {where}</source>
        <translation>PostgreSQL partagé {where}</translation>
    </message>
    <message>
        <source>Head office server {where}</source>
        <translation>Serveur du siège {where}</translation>
    </message>
    <message>
        <source>Branch {name} (encrypted local copy)</source>
        <translation>Agence {name} (copie locale chiffrée)</translation>
    </message>
    <message>
        <source>Branch {name} (local copy, not encrypted)</source>
        <translation>Agence {name} (copie locale, non chiffrée)</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>rien en attente</translation>
    </message>
    <message>
        <source>No sync conflicts</source>
        <translation>Aucun conflit de synchronisation</translation>
    </message>
</context>
</TS>
